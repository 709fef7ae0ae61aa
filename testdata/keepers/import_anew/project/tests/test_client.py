import asyncio

from core.context import Context


async def ping():
    await asyncio.sleep(0)


def test_poke():
    asyncio.create_task(ping())
    assert Context("t")
