import asyncio

from mode.threads import ServiceThread


class Producer(ServiceThread):
    _push_task = None

    async def on_start(self) -> None:
        self.queue = asyncio.Queue()
        self.stopped = False
        self._push_task = asyncio.get_running_loop().create_task(self.push())

    async def on_thread_stop(self) -> None:
        self.stopped = True
        if self._push_task is not None:
            while not self._push_task.done():
                await asyncio.sleep(0.1)

    async def push(self) -> None:
        while not self.stopped:
            item = await self.queue.get()
            print(item)
