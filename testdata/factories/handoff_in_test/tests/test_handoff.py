import asyncio


def make(loop, coro):
    return loop.create_task(coro)


async def work():
    await asyncio.sleep(0)


def test_handed_over(loop):
    # The loop calls `make` later: the call returns the loop's `Handle`, not the task, so the
    # task is kept in the factory, never at this call.
    loop.call_soon_threadsafe(make, loop, work())


def test_handle_kept(loop):
    handle = loop.call_soon_threadsafe(make, loop, work())
    handle.cancel()
