import asyncio
import logging

logger = logging.getLogger(__name__)


async def drain(initial):
    """Does not return while any other task of the loop is pending, and logs what failed."""
    spawned = set()
    for coro in initial:
        task = asyncio.create_task(coro)
        spawned.add(task)
        task.add_done_callback(spawned.discard)

    current = asyncio.current_task()
    while True:
        pending = {t for t in asyncio.all_tasks() if t is not current}
        if not pending:
            return
        done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
        for finished in done:
            if finished.cancelled():
                continue
            exc = finished.exception()
            if exc is not None:
                logger.error("task failed", exc_info=exc)


async def first_failure(initial):
    """Returns at the first exception: the other tasks may still be running."""
    started = set()
    for coro in initial:
        task = asyncio.create_task(coro)
        started.add(task)
        task.add_done_callback(started.discard)

    current = asyncio.current_task()
    pending = {t for t in asyncio.all_tasks() if t is not current}
    await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
