import asyncio


def run_coroutine(coroutine, loop=None):
    if not loop:
        loop = asyncio.get_event_loop()
    return loop.run_until_complete(coroutine)


def maybe_run(coroutine, loop=None):
    # Leaves without running the loop when no loop is handed: proves nothing.
    if loop is None:
        return None
    return loop.run_until_complete(coroutine)
