import asyncio


class Listener:
    def __init__(self, connection):
        self.connection = connection
        self.task = None
        self.run()

    def run(self):
        self.task = asyncio.create_task(self.listener_loop())

    async def listener_loop(self):
        while True:
            await asyncio.sleep(1)

    async def cancel(self):
        if self.task and not self.task.cancelled():
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
