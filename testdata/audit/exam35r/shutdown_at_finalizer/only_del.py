import asyncio


class Poller:
    """Only `__del__` cancels it, and `self._poll()` holds `self`: no shutdown (exam35v)."""

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
