import asyncio

from pkg import LOOP, SPARE, maybe_run, run_coroutine


async def cleanup():
    await asyncio.sleep(1)


def stop():
    # `pkg` re-exports `shared`'s loop: the statement drops the task.
    LOOP.create_task(cleanup())


def stop_spare():
    # `SPARE` is bound again in `pkg/__init__.py`: not known to be a loop, no site.
    SPARE.create_task(cleanup())


def test_runs():
    # The loop runs only inside `run_coroutine` (re-exported by `pkg`), while this frame holds
    # `task`: kept.
    task = asyncio.ensure_future(cleanup())
    run_coroutine(asyncio.sleep(0.01))


def test_maybe_runs():
    # `maybe_run` may return before it runs the loop: still a drop.
    task = asyncio.ensure_future(cleanup())
    maybe_run(asyncio.sleep(0.01))
