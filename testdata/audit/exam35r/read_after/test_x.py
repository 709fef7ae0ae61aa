import asyncio

from helpers import log_task


async def test_cancelled() -> None:
    async def never() -> None:
        await asyncio.sleep(60)

    task = asyncio.create_task(never())
    task.cancel()
    while not task.done():
        await asyncio.sleep(0)
    log_task(task)
    assert task.cancelled()
