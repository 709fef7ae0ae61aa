"""A task lost under anyio's pytest plugin (whose runner cancels what is left when the test
returns: the task is lost while the test runs)."""

import asyncio
import gc

import pytest

from app.jobs import wait_forever


@pytest.mark.anyio
async def test_lost_under_anyio():
    asyncio.create_task(wait_forever())
    await asyncio.sleep(0)
    gc.collect()
