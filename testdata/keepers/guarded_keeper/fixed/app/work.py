import asyncio

DONE = []


async def work(name):
    await asyncio.sleep(0)
    DONE.append(name)
