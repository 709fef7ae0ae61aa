import asyncio


class Heartbeat:
    def __init__(self):
        self.heartbeat_task = None

    async def stop(self):
        task = self.heartbeat_task
        if task is not None:
            self.heartbeat_task.cancel()
            await self.heartbeat_task


class Beacon:
    def __init__(self):
        self.beat = None


def make_heartbeat():
    return Heartbeat()
