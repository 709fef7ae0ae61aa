"""The code under test: a helper that drops the task it starts, and one that keeps it."""

import asyncio

_running = set()


async def wait_forever():
    # A future nobody else holds: once the task's last reference goes, the garbage collector
    # takes the task while it waits.
    await asyncio.get_running_loop().create_future()


def start_worker():
    asyncio.ensure_future(wait_forever())


def start_kept_worker():
    task = asyncio.ensure_future(wait_forever())
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


def spawn(coro):
    return asyncio.ensure_future(coro)


def schedule_worker():
    spawn(wait_forever())
