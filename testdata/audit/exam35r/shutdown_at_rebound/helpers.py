import asyncio
from contextlib import suppress


async def cancel_task(task: asyncio.Task | None) -> None:
    if task and not task.done():
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
