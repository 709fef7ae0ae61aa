import asyncio

from app.utils import asyncio_utils


async def replay():
    await asyncio.sleep(1)


class Playback:
    def __init__(self):
        self.playback_task = None

    def running(self):
        # Kept by the attribute.
        self.playback_task = asyncio_utils.create_task(replay(), name="playback")

    async def once(self):
        # Dropped: the module's factory, not asyncio's `create_task`.
        asyncio_utils.create_task(replay(), name="client playback awaiting response")
        # Dropped too, and asyncio's own.
        asyncio.create_task(replay())
