import asyncio


class Worker:
    def __init__(self, queue):
        self.queue = queue
        self._sub_task = None

    async def _main(self):
        self._sub_task = asyncio.ensure_future(self._subscribe())
        while True:
            await self.queue.get()

    async def _subscribe(self):
        await asyncio.sleep(1)

    async def run(self):
        try:
            await asyncio.gather(self._main(), self._heartbeat())
        finally:
            self._sub_task.cancel()

    async def _heartbeat(self):
        await asyncio.sleep(1)


class TimerWorker(Worker):
    async def run(self):
        try:
            await super().run()
        finally:
            print("timer done")


class Poller:
    def __init__(self, queue):
        self.queue = queue

    async def _main(self):
        self._poll_task = asyncio.ensure_future(self._poll())

    async def _poll(self):
        await asyncio.sleep(1)

    async def run(self):
        try:
            await self._main()
        finally:
            self._poll_task.cancel()


async def work(queue, with_timer):
    w = Worker(queue)
    if with_timer:
        await asyncio.gather(w.run(), asyncio.sleep(1))
    else:
        await w.run()


async def poll(queue):
    p = Poller(queue)
    await p.run()
    await p.run()


async def timer(queue):
    t = TimerWorker(queue)
    await t.run()
