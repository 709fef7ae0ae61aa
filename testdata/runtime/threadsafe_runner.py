import asyncio
import threading

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(name):
    events.append(await wait_on_weak_future(name))


def submit(loop, name):
    # From another thread: the concurrent future it returns is all that holds the task.
    asyncio.run_coroutine_threadsafe(work(name), loop)


async def main():
    loop = asyncio.get_running_loop()
    thread = threading.Thread(target=submit, args=(loop, "threadsafe"))
    thread.start()
    thread.join()
    await asyncio.sleep(0)  # the loop runs the submission: the task is created
    await collect_garbage()  # gc.collect() on the loop's thread
    await settle()


asyncio.run(main())
report(globals(), ["threadsafe"])
