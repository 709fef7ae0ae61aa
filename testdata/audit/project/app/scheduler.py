"""A scheduler with every kind of task reference an audit should tell apart."""

import asyncio
import logging

logger = logging.getLogger(__name__)

_background = set()
_forever = set()
_heartbeat = asyncio.get_event_loop().create_task(asyncio.sleep(3600))


async def work(n=0):
    await asyncio.sleep(n)


def _log_failure(task):
    if not task.cancelled() and task.exception() is not None:
        logger.error("task failed", exc_info=task.exception())


def _peek(task):
    return task.result()


class Scheduler:
    """Runs the periodic jobs."""

    def __init__(self):
        self._task = None
        self._poller = None
        self._jobs = set()
        self._pending = []

    async def start(self):
        """Start the main loop."""
        self._task = asyncio.create_task(work())
        self._task.add_done_callback(_log_failure)

    async def poll(self):
        """Start polling, once."""
        if self._poller is None:
            self._poller = asyncio.create_task(work(1))

    def submit(self, n):
        """Queue a job that the scheduler tracks."""
        job = asyncio.ensure_future(work(n))
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)

    def remember(self, n):
        """Keep a job in a list that nothing empties."""
        self._pending.append(asyncio.create_task(work(n)))

    async def stop(self):
        """Cancel everything and wait for it."""
        self._task.cancel()
        for job in self._jobs:
            job.cancel()
        await asyncio.gather(self._task, *self._jobs, return_exceptions=True)
        self._poller.cancel()


class Watcher:
    def watch(self):
        self._watch = asyncio.create_task(work())


async def run_all(items):
    """Run every item and wait for all of them."""
    tasks = [asyncio.create_task(work(i)) for i in items]
    await asyncio.gather(*tasks)
    done = await asyncio.create_task(work())
    return done


def spawn(n):
    """Start a job for the caller."""
    return asyncio.create_task(work(n))


def spawn_kept(n):
    task = asyncio.create_task(work(n))
    _background.add(task)
    task.add_done_callback(_background.discard)


def spawn_forever(n):
    _forever.add(asyncio.create_task(work(n)))


def with_callback(n):
    task = asyncio.create_task(work(n))
    task.add_done_callback(_peek)


def fire(n):
    asyncio.create_task(work(n))


def fire_quietly(n):
    asyncio.create_task(work(n))  # noqa: RUF006


def hand_off(loop, n):
    asyncio.run_coroutine_threadsafe(work(n), loop)


def hand_over(loop, n):
    """Called from another thread: the loop creates the task and drops it."""
    loop.call_soon_threadsafe(loop.create_task, work(n))


def register(registry, n):
    registry.track(asyncio.Task(work(n)))


async def grouped():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(work())


class Reader:
    def open(self):
        """Start reading, unless already reading."""
        if not getattr(self, "_reader", None):
            self._reader = asyncio.create_task(work())

    async def close(self):
        await self._reader


def peek_local(n):
    task = asyncio.create_task(work(n))
    if task is None:
        return


_worker = None


def start_worker():
    """Start the module's one worker."""
    global _worker
    if _worker is None:
        _worker = asyncio.create_task(work())


async def stop_worker():
    _worker.cancel()
    await asyncio.gather(_worker, return_exceptions=True)


async def gather_local(n):
    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(work(i)))
    await asyncio.gather(*tasks)


def dying_container(n):
    jobs = set()
    jobs.add(asyncio.create_task(work(n)))
    for job in jobs:
        job.add_done_callback(_peek)


def call_from_thread(loop, n):
    future = asyncio.run_coroutine_threadsafe(work(n), loop)
    return future.result()


async def rebind():
    t = asyncio.create_task(work(1))
    t = asyncio.create_task(work(2))
    await t


async def branches(flag):
    if flag:
        t = asyncio.create_task(work(1))
    else:
        t = asyncio.create_task(work(2))
    await t


def on_message(session):
    """Start the handler of a new message."""
    task = asyncio.create_task(work())
    session.current = task


def on_stop(session):
    session.current.cancel()


async def first_of(event, other):
    waiters = [other]
    waiter = asyncio.create_task(event.wait())
    waiters.append(waiter)
    await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)


async def each_in_turn(jobs):
    started = [asyncio.create_task(work(j)) for j in jobs]
    for task in started:
        await task


async def only_finished(jobs):
    started = [asyncio.create_task(work(j)) for j in jobs]
    for task in started:
        if task.done():
            task.exception()


class Protocol(asyncio.Protocol):
    def connection_made(self, transport):
        self._reader = asyncio.create_task(work())

    async def close(self):
        self._reader.cancel()
        await self._reader


class Stream:
    """Shut down through locals that stand for its attributes."""

    def __init__(self):
        self._pump = asyncio.create_task(work())
        self._pending = set()

    def send(self, n):
        job = asyncio.create_task(work(n))
        self._pending.add(job)
        job.add_done_callback(self._pending.discard)

    async def close(self):
        pump, self._pump = self._pump, None
        pump.cancel()
        try:
            await pump
        except asyncio.CancelledError:
            pass
        pending = list(self._pending)
        for job in pending:
            job.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


class Relay:
    """`pump` stands for `_pump` in `status` only: `close` cancels the spare."""

    def open(self):
        self._pump = asyncio.create_task(work())
        self._spare = asyncio.create_task(work())

    def status(self):
        pump = self._pump
        return pump.done()

    def close(self):
        pump = self._spare
        pump.cancel()


def wait_from_thread(loop, n):
    return asyncio.run_coroutine_threadsafe(work(n), loop).result(timeout=5)


class Session:
    """Started once, by `async with`: no second entry replaces its task."""

    async def __aenter__(self):
        self._pump = asyncio.create_task(work())
        return self

    async def __aexit__(self, *exc):
        self._pump.cancel()
        await asyncio.gather(self._pump, return_exceptions=True)

    async def setup(self):
        self._watch = asyncio.create_task(work())

    async def teardown(self):
        self._watch.cancel()
        await asyncio.gather(self._watch, return_exceptions=True)
