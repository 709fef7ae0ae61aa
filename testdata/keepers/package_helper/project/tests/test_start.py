import asyncio


async def work():
    await asyncio.sleep(0.001)


async def test_start():
    asyncio.create_task(work())
