import asyncio

from shop.core import events, guard
from shop.core.guard import awaited_after, cancelled_at_exit, stopped_at_exit


class Runner:
    def __init__(self, source):
        self.source = source
        self.stop = asyncio.Event()

    async def run(self):
        async with (
            guard.stopped_at_exit(asyncio.create_task(self.stop.wait())) as stopping,
        ):
            while not stopping.done():
                async with guard.stopped_at_exit(events.next_event(self.source, 1.0)) as event:
                    await asyncio.wait((stopping, event), return_when=asyncio.FIRST_COMPLETED)

    async def once(self, work):
        async with stopped_at_exit(asyncio.create_task(work())) as task:
            return await task

    async def later(self, work):
        task = asyncio.create_task(work())
        async with stopped_at_exit(task):
            await asyncio.sleep(1)

    async def cancel_only(self, work):
        async with cancelled_at_exit(asyncio.create_task(work())):
            await asyncio.sleep(1)

    async def after_yield(self, work):
        async with awaited_after(asyncio.create_task(work())):
            await asyncio.sleep(1)

    async def not_entered(self, work):
        manager = stopped_at_exit(asyncio.create_task(work()))
        return manager

    def polled(self, loop, work):
        with guard.watched(loop.create_task(work())):
            pass
