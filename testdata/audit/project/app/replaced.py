"""Audit shapes from issue 22: a cancel that makes room, a wait that drops its result, a noqa
on a call that spans lines."""

import asyncio


async def work():
    await asyncio.sleep(1)


class Poller:
    def start(self):
        self._task = asyncio.create_task(work())

    def restart(self):
        # Cancels the old task to make room for the new one: not the owner's shutdown.
        if self._task is not None:
            self._task.cancel()
        self._task = asyncio.create_task(work())


async def wait_all(jobs):
    # `asyncio.wait` never looks at an exception, and its result is dropped.
    await asyncio.wait([asyncio.create_task(work()) for _ in jobs])


async def silenced():
    asyncio.create_task(  # noqa: RUF006
        work()
    )


class Ticker:
    _tick = None

    def start(self):
        if self._tick is None or self._tick.done():
            self._tick = asyncio.create_task(work())

    def stop(self):
        # A synchronous hook: the audit cannot ask for an `await` here.
        self._tick.cancel()


async def probe(conn):
    # The frame cancels its own task: that is its shutdown.
    watcher = asyncio.create_task(conn.watch())
    await conn.run()
    watcher.cancel()
    watcher = asyncio.create_task(conn.watch())
    await watcher


class Chained:
    def start(self):
        # The attribute keeps the task; the inner name only registers a callback.
        self._t = task = asyncio.create_task(work())
        task.add_done_callback(print)

    async def stop(self):
        self._t.cancel()
        await self._t


async def starts_in_callback():
    watcher = None

    def start():
        # `nonlocal`: the enclosing function's variable, which it awaits.
        nonlocal watcher
        watcher = asyncio.create_task(work())

    start()
    await watcher


def close_all():
    # A new set of the task, returned: the caller owns it.
    return set([asyncio.ensure_future(work())])
