"""freqtrade's `ExchangeWS`: a class with no base whose quiet coroutine's task is handed to
another thread's loop; a comment that spells a call of a method no class defines is no call."""

import asyncio


class ExchangeWS:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._watching = set()
        self._scheduled = set()
        self._background_tasks = set()

    async def _schedule_while_true(self) -> None:
        # No `await`: it starts one watch per pair and keeps each task.
        for pair in self._watching:
            if pair not in self._scheduled:
                self._scheduled.add(pair)
                task = asyncio.create_task(self._watch(pair))
                self._background_tasks.add(task)
                task.add_done_callback(self._background_tasks.discard)

    async def _watch(self, pair: str) -> None:
        await asyncio.sleep(1)

    def schedule(self, pair: str) -> None:
        self._watching.add(pair)
        # Kept: `_schedule_while_true` never suspends, and no class derives from `ExchangeWS`.
        # asyncio.run_coroutine_threadsafe(self.schedule_schedule(), loop=self._loop)
        asyncio.run_coroutine_threadsafe(self._schedule_while_true(), loop=self._loop)


class Application:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    async def _start(self) -> None:
        print("started")

    def run(self) -> None:
        # Dropped: the class calls `self.make_model()`, which no class of the file defines: it
        # is written for subclasses elsewhere, which may override `_start` too.
        self.model = self.make_model()
        asyncio.run_coroutine_threadsafe(self._start(), loop=self._loop)
