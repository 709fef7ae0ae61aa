import asyncio
from asyncio import CancelledError, get_event_loop, wait_for
from contextlib import suppress


class Interface:
    def __init__(self):
        self.__pair_task = None
        self._task = None
        self._late = None
        self._maybe = None

    async def start_pair(self, timeout: float):
        # Each call waits for the task it binds, to its end.
        with suppress(CancelledError):
            self.__pair_task = get_event_loop().create_task(self.__pair())
            await wait_for(self.__pair_task, timeout)
        self.__pair_task = None

    async def run_once(self):
        self._task = asyncio.create_task(self.__pair())
        print("started")
        await self._task

    async def start_maybe(self, wait):
        # It may return before the await: the task stays in the attribute alone.
        self._maybe = asyncio.create_task(self.__pair())
        if not wait:
            return
        await self._maybe

    async def start_late(self):
        # Something else suspends first: another call may bind the attribute meanwhile.
        self._late = asyncio.create_task(self.__pair())
        await asyncio.sleep(1)
        await self._late

    def stop_pair(self):
        if self.__pair_task is not None:
            self.__pair_task.cancel()

    async def __pair(self):
        await asyncio.sleep(1)


async def main():
    interface = Interface()
    await interface.start_pair(1)
    await interface.start_pair(1)
    await interface.run_once()
    await interface.run_once()
    await interface.start_late()
    await interface.start_late()
    await interface.start_maybe(False)
    await interface.start_maybe(True)
