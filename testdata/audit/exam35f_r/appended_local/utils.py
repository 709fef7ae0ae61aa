import asyncio


async def wait_all(tasks):
    await asyncio.gather(*tasks)
