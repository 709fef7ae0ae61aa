import asyncio


def let_the_other_loop_run_once(separate_loop):
    """Let the other loop run once, as a test does to have a cancellation handled."""
    asyncio.run_coroutine_threadsafe(asyncio.sleep(0), separate_loop)


async def yield_once():
    """A task that only yields to the ready queue."""
    asyncio.create_task(asyncio.sleep(0.0, result=None))


def waits_a_second(separate_loop):
    """A delay waits on a timer's future: still dropped."""
    asyncio.run_coroutine_threadsafe(asyncio.sleep(1), separate_loop)


def waits_a_while(separate_loop, delay):
    """A delay not known to be zero: still dropped."""
    asyncio.run_coroutine_threadsafe(asyncio.sleep(delay), separate_loop)
