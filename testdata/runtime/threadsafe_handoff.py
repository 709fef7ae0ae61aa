import asyncio
import threading

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(name):
    events.append(await wait_on_weak_future(name))


class Bridge:
    """Work submitted from other threads, run on the bridge's loop."""

    def __init__(self):
        self._loop = None

    def attach(self, loop):
        self._loop = loop

    def _create_task(self, coro):
        return self._loop.create_task(coro)

    def submit(self, name):
        # The loop calls the task factory later and drops the task it returns.
        self._loop.call_soon_threadsafe(self._create_task, work(name))


bridge = Bridge()


async def main():
    bridge.attach(asyncio.get_running_loop())
    thread = threading.Thread(target=bridge.submit, args=("handoff",))
    thread.start()
    thread.join()
    await asyncio.sleep(0)  # the loop runs the hand-off: the task is created
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["handoff"])
