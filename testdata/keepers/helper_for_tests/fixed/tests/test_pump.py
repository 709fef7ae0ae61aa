import asyncio

from shared._background import keep_task
from shared.pump import wait


async def test_wait() -> None:
    event = asyncio.Event()

    async def signal_soon() -> None:
        await asyncio.sleep(0.01)
        event.set()

    keep_task(asyncio.create_task(signal_soon()))
    assert await asyncio.wait_for(wait(event), timeout=1.0)
