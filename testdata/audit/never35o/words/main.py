"""picows's example: coroutines whose one await yields to the ready queue, written as the code
writes it (`0.0`, `delay=0`); the evidence says what the code says."""

import asyncio


async def flush_later() -> None:
    print("flushing")
    await asyncio.sleep(delay=0)


class Listener:
    def __init__(self) -> None:
        self._loop = asyncio.get_event_loop()

    def on_frame(self, frame: bytes) -> None:
        # Kept: the method's one await is `asyncio.sleep(0.0)`.
        self._loop.create_task(self.on_frame_async(frame))
        # Kept: the method's one await is `asyncio.sleep(delay=0)`.
        self._loop.create_task(self.on_close_async())
        # Kept: the function's one await is `asyncio.sleep(delay=0)`.
        self._loop.create_task(flush_later())
        # Dropped: `asyncio.sleep(0.5)` waits on a timer.
        self._loop.create_task(self.on_slow_async())

    async def on_frame_async(self, frame: bytes) -> None:
        print(frame)
        await asyncio.sleep(0.0)

    async def on_close_async(self) -> None:
        print("closed")
        await asyncio.sleep(delay=0)

    async def on_slow_async(self) -> None:
        await asyncio.sleep(0.5)
