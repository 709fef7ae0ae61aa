import asyncio

DEFAULT_TIMEOUT = 1.0


def run_coroutine(coroutine, timeout=DEFAULT_TIMEOUT, loop=None):
    if not loop:
        loop = asyncio.get_event_loop()
    return loop.run_until_complete(asyncio.wait_for(coroutine, timeout=timeout))


def maybe_run(coroutine, loop=None):
    # Leaves without running the loop when no loop is handed: proves nothing.
    if loop is None:
        return None
    return loop.run_until_complete(coroutine)
