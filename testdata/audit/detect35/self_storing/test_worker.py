import asyncio

from worker import Early, Maybe, Worker, serve


async def start_worker(worker: Worker):
    task = asyncio.create_task(worker.run())
    await asyncio.sleep(0.01)
    return task


async def start_early(early: Early):
    task = asyncio.create_task(early.run())
    await asyncio.sleep(0.01)
    return task


async def test_late(worker: Worker):
    # Stored after the coroutine's first `await`: unknown, silent in `check`.
    await start_worker(worker)


async def test_early(early: Early):
    # Stored in the task's first step: kept.
    await start_early(early)


async def test_bare(worker: Worker, early: Early, maybe: Maybe):
    # Reported, as ruff's RUF006 does: the store comes after the first `await`.
    asyncio.create_task(worker.run())
    # Kept by `Early.run_task` from the task's first step.
    asyncio.create_task(early.run())
    # On one path only: still reported.
    asyncio.create_task(maybe.run(True))


async def test_not_followed():
    # A receiver made here dies with the task's own frame: still reported.
    made = Early()
    asyncio.create_task(made.run())
    asyncio.create_task(Early().run())


async def test_module_function():
    # `serve` is not this module's function: an import is not followed by name.
    asyncio.create_task(serve())


async def own():
    RUNNING.add(asyncio.current_task())
    await asyncio.sleep(3600)


RUNNING = set()


async def test_own_function():
    # This module's `own` adds its task to the module's `RUNNING` first: kept.
    asyncio.create_task(own())
