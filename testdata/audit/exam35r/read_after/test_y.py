import asyncio

from helpers import log_task


async def test_handed_last() -> None:
    """Near miss: the local is handed on and never read again: what `log_task` does decides."""

    async def never() -> None:
        await asyncio.sleep(60)

    task = asyncio.create_task(never())
    log_task(task)
