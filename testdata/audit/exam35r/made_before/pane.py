import asyncio


class Pane:
    def __init__(self) -> None:
        self.blink_task: asyncio.Task | None = None

    async def _blink(self) -> None:
        while True:
            await asyncio.sleep(1)

    async def open(self) -> None:
        self.blink_task = asyncio.create_task(self._blink())

    def close(self) -> None:
        if self.blink_task is not None:
            self.blink_task.cancel()


class Frame:
    """Near miss: an `await` between the pane's making and its `open` lets other code in."""

    async def show(self) -> None:
        self._pane = Pane()
        await asyncio.sleep(0)
        await self._pane.open()
