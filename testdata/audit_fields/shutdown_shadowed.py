"""shutdown_at of a module-level holder never points at another function's own local of the
same name (issue 35)."""

import asyncio

_tasks = set()


def start(coro):
    task = asyncio.create_task(coro)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def run_batch(coros):
    # Another function's own local of the same name: not the module's set.
    _tasks = [asyncio.ensure_future(c) for c in coros]
    for t in _tasks:
        t.cancel()
