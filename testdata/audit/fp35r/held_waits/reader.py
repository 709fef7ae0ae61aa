import asyncio
import queue


class Reader:
    # pa-dlna's test renderer, in one file: every suspension of `run` is the `get` of an asyncio
    # queue `__init__` binds once; the queue's getters hold the waiting task's future.
    def __init__(self):
        self.pulse_queue = asyncio.Queue()
        self.results = []

    async def run(self):
        while True:
            event = await self.pulse_queue.get()
            self.results.append(event)


class Store:
    # AVA's session store: one suspension, `async with self._lock` on an asyncio lock.
    def __init__(self):
        self._lock = asyncio.Lock()
        self.calls = {}

    async def upsert(self, key, value):
        async with self._lock:
            self.calls[key] = value


class Waiter:
    # Two waits, both on what `__init__` binds: a bounded queue's `put` and an event.
    def __init__(self):
        self.out = asyncio.Queue(maxsize=1)
        self.go = asyncio.Event()

    async def pump(self, item):
        await self.go.wait()
        await self.out.put(item)


class Sleeper:
    # After the queue it sleeps: a timer is no holder.
    def __init__(self):
        self.inbox = asyncio.Queue()

    async def run(self):
        while True:
            await self.inbox.get()
            await asyncio.sleep(1)


class Threaded:
    # `queue.Queue` is a thread's queue, not asyncio's: its `get` is no asyncio wait.
    def __init__(self):
        self.inbox = queue.Queue()

    async def run(self):
        await self.inbox.get()


class Iterating:
    # `async for` suspends in the iterator, which nothing here holds.
    def __init__(self):
        self.lock = asyncio.Lock()

    async def run(self, stream):
        async for item in stream:
            async with self.lock:
                print(item)


class Named:
    # `async with ... as`: the item is read, the proof is not.
    def __init__(self):
        self.lock = asyncio.Lock()

    async def run(self):
        async with self.lock as held:
            print(held)


async def main():
    reader = Reader()
    asyncio.create_task(reader.run())
    store = Store()
    asyncio.create_task(store.upsert("a", 1))
    waiter = Waiter()
    asyncio.ensure_future(waiter.pump(1))
    sleeper = Sleeper()
    asyncio.create_task(sleeper.run())
    threaded = Threaded()
    asyncio.create_task(threaded.run())
    iterating = Iterating()
    asyncio.create_task(iterating.run([]))
    named = Named()
    asyncio.create_task(named.run())
    await asyncio.sleep(1)


asyncio.run(main())
