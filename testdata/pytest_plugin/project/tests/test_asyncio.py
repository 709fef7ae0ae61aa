"""Tasks lost under pytest-asyncio."""

import asyncio
import gc

import pytest

from app.jobs import schedule_worker, start_kept_worker, start_worker, wait_forever


async def fail():
    await asyncio.sleep(0.001)
    raise ConnectionResetError("peer went away")


@pytest.mark.asyncio
async def test_lost_in_the_body():
    asyncio.create_task(wait_forever())
    await asyncio.sleep(0)
    gc.collect()


@pytest.mark.asyncio
async def test_lost_in_a_helper():
    start_worker()
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_lost_through_a_task_factory():
    schedule_worker()
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_exception_never_retrieved():
    asyncio.ensure_future(fail())
    await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_lost_through_a_call_check_cannot_see():
    spawn = getattr(asyncio, "create_" + "task")
    spawn(wait_forever())
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_kept_task_passes():
    task = start_kept_worker()
    await asyncio.sleep(0)
    gc.collect()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def fail_at_once():
    raise ConnectionRefusedError("refused")


@pytest.mark.asyncio
async def test_exception_of_a_task_that_never_suspends():
    # Kept by the loop until its one step ends, so `check` is silent; its exception is lost.
    asyncio.ensure_future(fail_at_once())
    await asyncio.sleep(0.01)
