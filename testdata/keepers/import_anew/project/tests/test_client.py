import asyncio

from core.context import Context


async def ping():
    await asyncio.sleep(0.001)


def test_poke():
    asyncio.create_task(ping())
    assert Context("t")
