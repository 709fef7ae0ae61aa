import asyncio
import signal


class Server:
    def install(self):
        signal.signal(signal.SIGTERM, self._signal_handler)

    async def shutdown(self):
        await asyncio.sleep(1)

    def _signal_handler(self, signum, _frame):
        # `set_name` returns None: the local is all that holds the task, until the return.
        task = asyncio.create_task(self.shutdown())
        task.set_name("graceful-shutdown")

    async def named_and_awaited(self):
        task = asyncio.create_task(self.shutdown())
        task.set_name("awaited")
        await task

    async def named_method_handed_on(self, registry):
        # The bound method holds the task.
        task = asyncio.create_task(self.shutdown())
        registry.append(task.set_name)

    def _named_with_callback(self):
        # A done callback keeps nothing either: `callback-only`.
        task = asyncio.create_task(self.shutdown())
        task.set_name("reported")
        task.add_done_callback(print)
