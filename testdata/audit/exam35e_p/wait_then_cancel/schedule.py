import asyncio


class Schedule:
    async def sleep_or_close(self, delay):
        """The sleep left pending by the first completion is only cancelled."""
        sleep_task = asyncio.ensure_future(asyncio.sleep(delay))
        await asyncio.wait([sleep_task, self.close_waiter], return_when=asyncio.FIRST_COMPLETED)
        if not sleep_task.done():
            sleep_task.cancel()

    async def sleep_or_close_awaited(self, delay):
        """Cancelled and then awaited: the cancel is not all it does."""
        sleep_task = asyncio.ensure_future(asyncio.sleep(delay))
        await asyncio.wait([sleep_task, self.close_waiter], return_when=asyncio.FIRST_COMPLETED)
        if not sleep_task.done():
            sleep_task.cancel()
        await asyncio.gather(sleep_task, return_exceptions=True)

    async def sleep_in_turn(self, delays):
        """The name bound again later holds another task: its reads are that task's."""
        for delay in delays:
            sleep_task = asyncio.ensure_future(asyncio.sleep(delay))
            await asyncio.wait([sleep_task, self.close_waiter], return_when=asyncio.FIRST_COMPLETED)
            if not sleep_task.done():
                sleep_task.cancel()
        sleep_task: asyncio.Future
        sleep_task = asyncio.ensure_future(asyncio.sleep(1))
        self._last = sleep_task
