import asyncio
from contextlib import suppress


async def cancel_task(task: asyncio.Task | None) -> None:
    if task and not task.done():
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


class Timers:
    def __init__(self) -> None:
        self._tasks: dict[int, asyncio.Task] = {}

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(1)

    def add_timer(self, timer_id: int) -> None:
        task = asyncio.create_task(self._tick())
        self._tasks[timer_id] = task

    async def stop_timer(self, timer_id: int) -> None:
        task = self._tasks[timer_id]
        await cancel_task(task)
        del self._tasks[timer_id]
