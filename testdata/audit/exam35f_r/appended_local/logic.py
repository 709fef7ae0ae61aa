import asyncio

from elsewhere import wait_first

from .utils import wait_all


async def apply(behaviors):
    # The task is appended to a local list (the language), and the list is handed to a helper
    # that no code here shows: the helper decides, not `futures.append`.
    futures = []
    futures.append(asyncio.create_task(asyncio.sleep(1)))
    await wait_first(futures, max_wait_after_cancellation=2)


async def apply_all(behaviors):
    # Handed to a helper of the checked code (another file) that gathers each: awaited.
    futures = []
    futures.append(asyncio.create_task(asyncio.sleep(1)))
    await wait_all(futures)
