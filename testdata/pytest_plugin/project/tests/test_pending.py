"""A test that ends while the task it started still runs (kept, not lost)."""

import asyncio

import pytest

KEPT = set()


@pytest.mark.asyncio
async def test_leaves_a_task_pending():
    task = asyncio.create_task(asyncio.sleep(3600))
    KEPT.add(task)
