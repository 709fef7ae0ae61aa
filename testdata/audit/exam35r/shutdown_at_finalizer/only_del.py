import asyncio


class Poller:
    """Near miss: only `__del__` cancels the task, so its line is the shutdown's."""

    def __init__(self) -> None:
        self._task: asyncio.Task | None = None

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(1)

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._poll())

    def __del__(self) -> None:
        if self._task:
            self._task.cancel()
