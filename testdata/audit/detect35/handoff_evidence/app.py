import asyncio


async def work():
    await asyncio.sleep(1)


class Stream:
    def __init__(self, loop):
        self._loop = loop

    def connect(self):
        # No `noqa` anywhere: the evidence must not blame one.
        self._handle = self._loop.call_soon_threadsafe(asyncio.create_task, work())

    def connect_soon(self):
        # No concurrent future here: the loop's contract alone.
        self._loop.call_soon(asyncio.create_task, work())


def run_from_thread(loop):
    asyncio.run_coroutine_threadsafe(work(), loop)


async def renamed():
    # A shape no rule reports: dropped, and the evidence says so without a `noqa`.
    asyncio.create_task(work()).set_name("renamed")


async def silenced():
    asyncio.create_task(work())  # noqa: RUF006


def traced(client, loop):
    # The lambda returns `add_done_callback`'s `None`: the task is dropped whoever calls it.
    client.once("done", lambda event: loop.create_task(work()).add_done_callback(print))


def put_from_thread(loop, queue):
    # Not reported: a put finishes in the task's first step (the evidence says why).
    asyncio.run_coroutine_threadsafe(queue.put(None), loop)
