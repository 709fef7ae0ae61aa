"""Shutdowns the audit reads through helpers, literals, slots and guards (issue 22)."""

import asyncio

from .aio import cancel_and_wait, gracefully_cancel


async def pump(source):
    await asyncio.sleep(0)


async def relay(source, sink):
    # The frame's `finally` hands its local to a helper that cancels and waits for it.
    feeder = asyncio.create_task(pump(source))
    try:
        await sink.drain()
    finally:
        await cancel_and_wait(feeder)


async def race(a, b, sink):
    # Locals listed in a comprehension given to a cancel helper.
    left = asyncio.create_task(pump(a))
    right = asyncio.create_task(pump(b))
    await sink.drain()
    await gracefully_cancel(*[t for t in (left, right) if not t.done()])


class Link:
    def __init__(self):
        self._conn = None
        self._reader = None
        self._closer = None
        self._closing = False
        self._ender = None

    async def open(self, dial):
        # Guarded by another attribute: a second call returns before it binds again.
        if self._conn is not None:
            return
        self._conn = await dial()
        self._reader = asyncio.create_task(pump(self._conn))

    async def close(self):
        current = asyncio.current_task()
        pending = [t for t in (self._reader,) if t is not None and t is not current]
        await gracefully_cancel(*pending)

    async def hang_up(self):
        if not self._closing:
            self._closing = True
            self._closer = asyncio.create_task(pump(self._conn))
            # Waits a while for it, in a set literal.
            await asyncio.wait({self._closer}, timeout=1)

    def lost(self):
        if self._ender is not None:
            return
        # Runs the owner's own shutdown: cancelling it would abort it.
        self._ender = asyncio.create_task(self.aclose())

    async def aclose(self):
        await asyncio.sleep(0)


SERVER = "server"
JOBS = "jobs"


async def on_startup(app):
    app[SERVER] = asyncio.create_task(pump(app))


async def on_shutdown(app):
    # One slot, cancelled and then awaited.
    app[SERVER].cancel()
    await app[SERVER]


def setup(web):
    jobs = set()
    jobs.add(asyncio.create_task(pump(web)))
    web[JOBS] = jobs

    async def cleanup(web):
        # Each task, counted, through the slot.
        for n, job in enumerate(web[JOBS]):
            job.cancel()
            await job

    web.on_cleanup.append(cleanup)


loop = asyncio.new_event_loop()
booting = loop.create_task(pump(None))
try:
    loop.run_until_complete(booting)
except KeyboardInterrupt:
    booting.cancel()


class Pinger:
    def __init__(self):
        self._ping = None
        self._paused = False

    def beat(self):
        # Tests a state it never sets: a second beat may still replace a live ping.
        if self._paused:
            return
        self._ping = asyncio.create_task(pump(None))

    async def close(self):
        self._ping.cancel()
        await self._ping


async def watch(conn):
    timer = None

    def arm():
        nonlocal timer
        timer = asyncio.create_task(pump(conn))

    def disarm():
        # Another nested function's `nonlocal`: the same variable, cancelled.
        nonlocal timer
        if timer is not None:
            timer.cancel()
        timer = None

    arm()
    await conn.run()
    disarm()


async def serve_once(conn):
    handler = None

    def on_open():
        # Never read again: still the enclosing frame's until it returns.
        nonlocal handler
        handler = asyncio.create_task(pump(conn))

    conn.on_open = on_open
    await conn.serve()


class Shards:
    def __init__(self):
        self._ready = {}

    def ready(self, shard):
        # Cancels the shard's previous task to make room in its slot: not a shutdown.
        if shard in self._ready:
            self._ready[shard].cancel()
        self._ready[shard] = asyncio.create_task(pump(shard))

    async def close(self):
        await asyncio.gather(*self._ready.values())


async def knock_all(hosts):
    started = []
    for host in hosts:
        # `ensure_future` of a task returns that task: one site, awaited below.
        started.append(asyncio.ensure_future(asyncio.create_task(pump(host))))
    await asyncio.gather(*started)


class Device:
    def __init__(self):
        self._closing = None

    def close(self):
        # A new set, returned for the caller to await: it does not grow.
        if self._closing is not None:
            return self._closing
        self._closing = set()
        self._closing.add(asyncio.create_task(pump(None)))
        return self._closing


class Bridge:
    def __init__(self, loop):
        self._loop = loop
        self._t = loop.create_task(pump(None))

    def stop(self):
        # From another thread: the loop runs the cancel.
        self._loop.call_soon_threadsafe(self._t.cancel)


class Relay:
    def __init__(self, loop):
        self._loop = loop
        self._futs = []

    def send(self, item):
        self._futs.append(asyncio.run_coroutine_threadsafe(pump(item), self._loop))

    async def close(self):
        await asyncio.gather(*[asyncio.wrap_future(f) for f in self._futs])


async def knock_first(hosts):
    started = []
    for host in hosts:
        # Waited for by `wait`, whose done set is dropped: a failure is never retrieved.
        started.append(asyncio.ensure_future(asyncio.create_task(pump(host))))
    _, pending = await asyncio.wait(started, return_when=asyncio.FIRST_EXCEPTION)
    for task in pending:
        task.cancel()


async def knock_and_look(hosts):
    started = [asyncio.create_task(pump(host)) for host in hosts]
    # The done set is read: each failure is retrieved.
    done, _ = await asyncio.wait(started)
    for task in done:
        task.result()


class ReaderMixin:
    def start(self):
        if self._reader is None:
            self._reader = asyncio.create_task(pump(self))


class WriterMixin:
    async def close(self):
        # Shuts down the task a sibling mixin keeps: `self` is one `Conn`.
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)


class Conn(ReaderMixin, WriterMixin):
    def __init__(self):
        self._reader = None


class Stranger:
    def start(self):
        # The same attribute's name in a class no hierarchy joins: no shutdown.
        if self._reader is None:
            self._reader = asyncio.create_task(pump(self))


class Closing:
    async def close(self):
        self._pinger.cancel()
        await self._pinger


class Pinging(Closing):
    def start(self):
        if self._pinger is None:
            self._pinger = asyncio.create_task(pump(self))


async def stop_all(*tasks):
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class Duplex:
    def __init__(self):
        self._send = None
        self._recv = None
        self._ping = None
        self._pause = None

    def start(self):
        if self._send is None:
            self._send = asyncio.create_task(pump(self))
            self._recv = asyncio.create_task(pump(self))
            self._ping = asyncio.create_task(pump(self))
            self._pause = asyncio.create_task(pump(self))

    async def close(self):
        # Helpers read by what their bodies do to each argument, whatever their names say.
        await stop_all(self._send, self._recv)
        await self._halt(self._ping)
        await self._cancel_pause(old=self._pause)

    async def _halt(self, task):
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _cancel_pause(self, old=None):
        # Its name says cancel; it waits for the task and cancels nothing.
        if old is not None:
            await old


class Spawner:
    def __init__(self):
        self._urgent = None
        self._pending = set()

    def spawn(self, urgent):
        # Each branch keeps the task in its own way: both are said.
        task = asyncio.create_task(pump(self))
        if urgent:
            self._urgent = task
        else:
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def maybe_wait(self, wait):
        # Awaited in one branch; with no `else`, nothing keeps it in the other.
        task = asyncio.create_task(pump(self))
        if wait:
            await task
