from __future__ import annotations

from asyncio import Event
from collections.abc import Awaitable, Generator
from typing import Any


class Helper(Awaitable[bool]):
    def __init__(self):
        self.terminated = Event()

    async def stop_async(self) -> None:
        self.terminated.set()
        print("Terminated")

    def __await__(self) -> Generator[Any, None, bool]:
        coroutine = self.terminated.wait()
        return coroutine.__await__()
