"""picows's example: a method whose one await is `asyncio.sleep(0.0)`, under a comment that
says "async"."""

import asyncio


class Listener:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()

    def on_frame(self, frame: bytes) -> None:
        self.loop.create_task(self.on_frame_async(frame))

    def on_close(self) -> None:
        self.loop.create_task(self.on_close_async())

    def on_ping(self) -> None:
        self.loop.create_task(self.on_ping_async())

    async def on_frame_async(self, frame: bytes) -> None:
        # The frame is valid only until the first await of this async method.
        print(frame)
        await asyncio.sleep(0.0)
        print("done")

    async def on_close_async(self) -> None:
        # Waits on a timer: the loop does not hold the task while it sleeps.
        await asyncio.sleep(0.5)
        print("closed")

    async def on_ping_async(self) -> None:
        # Nothing async here.
        print("pong")
