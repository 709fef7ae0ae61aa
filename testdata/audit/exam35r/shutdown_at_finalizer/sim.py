import asyncio
from contextlib import suppress


async def cancel_task(task: asyncio.Task | None) -> None:
    if task and not task.done():
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


class Simulator:
    def __init__(self) -> None:
        self.__task: asyncio.Task | None = None

    async def _monitor(self) -> None:
        while True:
            await asyncio.sleep(0.01)

    async def start(self) -> None:
        self.__task = asyncio.create_task(self._monitor())

    async def stop(self) -> None:
        await cancel_task(self.__task)
        self.__task = None

    def __del__(self) -> None:
        if self.__task:
            self.__task.cancel()
