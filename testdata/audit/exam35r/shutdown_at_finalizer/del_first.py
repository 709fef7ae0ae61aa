import asyncio


class Reader:
    """`__del__` is written before `close`, which cancels and awaits the task: `close` is named."""

    def __init__(self) -> None:
        self._task: asyncio.Task | None = None

    def __del__(self) -> None:
        if self._task:
            self._task.cancel()

    async def _read(self) -> None:
        while True:
            await asyncio.sleep(1)

    async def open(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
