"""A factory result dropped only in a test is kept at the test's call, not in the factory."""

import asyncio

from pkg.tasks import spawn, unused_factory

_background_tasks: "set[asyncio.Task[object]]" = set()


async def test_unused_factory_runs():
    task = unused_factory(asyncio.sleep(0))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    await asyncio.sleep(0)


async def test_spawn_runs():
    # `spawn` is dropped outside the tests too: the factory keeps this one.
    spawn(asyncio.sleep(0))
    await asyncio.sleep(0)
