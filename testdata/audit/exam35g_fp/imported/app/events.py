"""Coroutines that other modules import: some never suspend (their task finishes in its first
step, which the loop holds), some may."""

import asyncio
from threading import Lock


class Emitter:
    """One instance for the process, as AGiXT's `WebhookEventEmitter`."""

    _instance = None
    _lock = Lock()

    def __new__(cls):
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = super().__new__(cls)
                    cls._instance._ready = False
        return cls._instance

    def __init__(self):
        if self._ready:
            return
        self._ready = True
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


emitter = Emitter()
derived = Derived()


async def notify(message):
    print(message)


async def wait_for(message):
    await asyncio.sleep(1)
    print(message)


def decorate(f):
    return f


@decorate
async def decorated(message):
    print(message)
