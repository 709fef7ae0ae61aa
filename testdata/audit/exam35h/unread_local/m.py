import asyncio


async def helper():
    await asyncio.sleep(1)


def terminate(loop):
    # `_` quiets a linter: the function never reads it.
    _ = asyncio.run_coroutine_threadsafe(helper(), loop)


def terminate_named(loop):
    fut = asyncio.run_coroutine_threadsafe(helper(), loop)


def terminate_with_callback(loop):
    # A lambda's own parameter `_` is not the local.
    _ = asyncio.run_coroutine_threadsafe(helper(), loop)
    loop.call_soon_threadsafe(lambda _=None: print("stopping"))


def terminate_and_wait(loop):
    # Read after: the function waits for it.
    _ = asyncio.run_coroutine_threadsafe(helper(), loop)
    _.result(timeout=5)
