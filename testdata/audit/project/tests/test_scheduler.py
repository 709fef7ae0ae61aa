import asyncio


async def test_runs():
    task = asyncio.create_task(asyncio.sleep(0))
    await task
