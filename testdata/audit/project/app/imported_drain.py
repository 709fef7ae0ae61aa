"""Shut down through a helper imported from elsewhere: its name says it cancels and waits."""

import asyncio

from .utils import aio


class Session:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._main: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._main is None:
            self._main = asyncio.create_task(self._run())

    def spawn(self) -> None:
        task = asyncio.create_task(self._run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        await aio.cancel_and_wait(*self._tasks)
        if self._main is not None:
            await aio.gracefully_cancel(self._main)

    async def _run(self) -> None:
        await asyncio.sleep(0)
