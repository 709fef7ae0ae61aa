"""coc.py's trigger: a nested coroutine with no `await`, wrapped by `functools.wraps`, that only
starts the repeating task and keeps it in an attribute."""

import asyncio
import functools
from functools import wraps


class Trigger:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.task = None

    def __call__(self, func):
        @functools.wraps(func)
        async def wrapped() -> None:
            async def inner():
                while True:
                    await func()
                    await asyncio.sleep(60)

            # Keep the repeating task: it is the one that runs for long.
            self.task = self.loop.create_task(inner())

        # Kept: `wrapped` never suspends, so its task ends in its first step.
        self.loop.create_task(wrapped())
        return wrapped

    def bare(self, func):
        @wraps(func)
        async def started() -> None:
            self.task = self.loop.create_task(func())

        # Kept: `wraps`, imported from `functools`, returns the function itself.
        self.loop.create_task(started())

    def waits(self, func):
        @functools.wraps(func)
        async def wrapped() -> None:
            await func()

        # Dropped: `wrapped` awaits.
        self.loop.create_task(wrapped())

    def other(self, func, decorate):
        @decorate(func)
        async def wrapped() -> None:
            self.task = self.loop.create_task(func())

        # Dropped: an unknown decorator may return anything.
        self.loop.create_task(wrapped())
