"""Classes whose instances other modules make: some methods never suspend (their task
finishes in its first step, which the loop holds), some may."""

import asyncio


class Emitter:
    """Each `Emitter()` runs `__init__`, which makes its queue unbounded."""

    def __init__(self):
        self._events = asyncio.Queue()
        self._bounded = asyncio.Queue(maxsize=10)

    async def emit(self, event):
        payload = {"event": event}
        await self._events.put(payload)
        return payload

    async def emit_bounded(self, event):
        await self._bounded.put(event)

    async def drain(self):
        while not self._events.empty():
            print(await self._events.get())


class Base:
    async def greet(self):
        print("hello")


class Derived(Base):
    async def greet(self):
        print("hi")


class Meta(type):
    pass


class Made(metaclass=Meta):
    async def greet(self):
        print("made")
