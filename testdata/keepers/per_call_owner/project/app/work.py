import asyncio

DONE = []


async def work(name):
    await asyncio.sleep(0.05)
    DONE.append(name)
