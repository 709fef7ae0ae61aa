import asyncio
import threading


def run_in_fresh_loop(coro, timeout=30):
    # molotov's `_run_in_fresh_loop`: `run_until_complete` returns the task's result once it is
    # done, whatever call it stands in.
    results = []
    errors = []

    def run():
        loop = asyncio.new_event_loop()
        try:
            task = loop.create_task(coro())
            results.append(loop.run_until_complete(task))
        except Exception as e:
            errors.append(e)
        finally:
            loop.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout)
    return results


def handed_to_a_gather(loop, coro):
    # A gather handed to a call that is not awaited waits for nothing here.
    task = loop.create_task(coro())
    return wrap(asyncio.gather(task))


def wrap(future):
    return {"future": future}
