import asyncio
import logging
from asyncio import Queue

logger = logging.getLogger(__name__)


class Client:
    """ComputeHorde's facilitator client: its tasks go to a queue that its own loop reaps,
    awaiting each one and logging its failure. A dropped task is put there too."""

    def __init__(self) -> None:
        self.tasks_to_reap: asyncio.Queue[asyncio.Task[None] | None] = asyncio.Queue()

    async def reap_tasks(self) -> None:
        while True:
            task = await self.tasks_to_reap.get()
            if task is None:
                return
            try:
                await task
            except Exception:
                logger.error("Error in job task", exc_info=True)
            finally:
                self.tasks_to_reap.task_done()

    async def stop(self) -> None:
        await self.tasks_to_reap.put(None)

    async def on_job(self, job: str) -> None:
        task = asyncio.create_task(self.process(job))
        await self.tasks_to_reap.put(task)

    async def on_status(self, msg: str) -> None:
        asyncio.create_task(self.send(msg))

    def on_sync(self, msg: str) -> None:
        asyncio.create_task(self.send(msg))

    async def process(self, job: str) -> None:
        await asyncio.sleep(1)

    async def send(self, msg: str) -> None:
        await asyncio.sleep(1)


class Cancelling:
    """Imported `Queue`, filled with `put_nowait`, its items cancelled by the loop."""

    def __init__(self) -> None:
        self._pending: Queue[asyncio.Task[None]] = Queue(maxsize=0)

    async def drain(self) -> None:
        while not self._pending.empty():
            pending = await self._pending.get()
            pending.cancel()

    def start(self) -> None:
        self._pending.put_nowait(asyncio.create_task(asyncio.sleep(1)))

    def later(self) -> None:
        asyncio.create_task(asyncio.sleep(2))


class Bounded:
    """A bounded queue: `put_nowait` may raise `QueueFull` in a plain method, so that site gets
    a new keeper; a coroutine awaits `put` as the class does."""

    def __init__(self) -> None:
        self.tasks: asyncio.Queue[asyncio.Task[None]] = asyncio.Queue(maxsize=10)

    async def reap(self) -> None:
        while True:
            task = await self.tasks.get()
            await task

    async def submit(self) -> None:
        await self.tasks.put(asyncio.create_task(asyncio.sleep(1)))

    def on_sync(self) -> None:
        asyncio.create_task(asyncio.sleep(1))

    async def on_async(self) -> None:
        asyncio.create_task(asyncio.sleep(1))


class Jobs:
    """A queue of jobs (coroutines), not of tasks: no keeper."""

    def __init__(self) -> None:
        self.jobs: asyncio.Queue = asyncio.Queue()

    async def worker(self) -> None:
        while True:
            job = await self.jobs.get()
            await job

    async def submit(self) -> None:
        await self.jobs.put(asyncio.sleep(1))

    async def on_event(self) -> None:
        asyncio.create_task(asyncio.sleep(1))


class Undrained:
    """Tasks put on a queue nothing takes from: no keeper the fix would reuse."""

    def __init__(self) -> None:
        self.done: asyncio.Queue = asyncio.Queue()

    async def submit(self) -> None:
        task = asyncio.create_task(asyncio.sleep(1))
        await self.done.put(task)

    async def on_event(self) -> None:
        asyncio.create_task(asyncio.sleep(1))


class OnlyLogged:
    """A loop that takes each task and only logs it: nothing awaits or cancels it."""

    def __init__(self) -> None:
        self.seen: asyncio.Queue = asyncio.Queue()

    async def watch(self) -> None:
        while True:
            task = await self.seen.get()
            logger.info("task %s", task)

    async def submit(self) -> None:
        task = asyncio.create_task(asyncio.sleep(1))
        await self.seen.put(task)

    async def on_event(self) -> None:
        asyncio.create_task(asyncio.sleep(1))


class Other:
    """Another class's reaped queue is not this class's keeper."""

    def __init__(self, client: Client) -> None:
        self.client = client

    async def on_event(self) -> None:
        asyncio.create_task(asyncio.sleep(1))
