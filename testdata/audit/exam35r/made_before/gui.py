import asyncio


class Window:
    def __init__(self) -> None:
        self.warning_task: asyncio.Task | None = None

    async def _check_warnings(self) -> None:
        while True:
            await asyncio.sleep(5)

    async def open(self) -> None:
        self.warning_task = asyncio.create_task(self._check_warnings())

    def close(self) -> None:
        if self.warning_task is not None:
            self.warning_task.cancel()


class Gui:
    async def open(self) -> None:
        self._window = Window()
        await self._window.open()
