import asyncio


class Playback:
    # The consumer another module would define: it keeps the queue it is handed and reads it.
    def __init__(self):
        self.streams = {}

    async def start(self, key, chunks):
        self.streams[key] = chunks
        await asyncio.sleep(1)


class Engine:
    def __init__(self):
        self.playback = Playback()
        self.queues = {}

    async def greet(self, key):
        # AVA's pipeline greeting: the bounded queue is handed to the playback, then the end
        # sentinel is put by a task when the queue is full.
        q: asyncio.Queue = asyncio.Queue(maxsize=256)
        await self.playback.start(key, q)
        try:
            q.put_nowait(None)
        except asyncio.QueueFull:
            asyncio.create_task(q.put(None))

    async def keyword(self, key):
        # Handed by keyword.
        q = asyncio.Queue(maxsize=1)
        await self.playback.start(key, chunks=q)
        asyncio.create_task(q.put(None))

    async def stored(self, key):
        # Stored in a container of `self`: an event whose `wait` a task blocks on.
        ready = asyncio.Event()
        self.queues[key] = ready
        asyncio.create_task(ready.wait())

    async def kept_to_itself(self):
        # The frame keeps the queue to itself (printing it keeps nothing): the drop stands.
        q = asyncio.Queue(maxsize=1)
        print(q)
        q.put_nowait(1)
        asyncio.create_task(q.put(2))

    async def sleeps(self, key):
        # A coroutine of the project's own, not asyncio's wait: the drop stands.
        q = asyncio.Queue(maxsize=1)
        await self.playback.start(key, q)
        asyncio.create_task(self.playback.start(key, q))

    async def bound_twice(self, key):
        # `q` is bound twice: which queue the task waits on is not read, the drop stands.
        q = asyncio.Queue(maxsize=1)
        await self.playback.start(key, q)
        q = asyncio.Queue(maxsize=1)
        asyncio.create_task(q.put(None))

    async def thread_queue(self, key, work):
        # A thread's queue is no asyncio wait: the drop stands.
        import queue

        q = queue.Queue(maxsize=1)
        await self.playback.start(key, q)
        asyncio.create_task(work(q))
