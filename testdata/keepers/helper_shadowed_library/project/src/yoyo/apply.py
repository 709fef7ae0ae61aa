import asyncio

from yoyo import step


async def apply():
    await asyncio.sleep(1)
    step("select 1")


async def schedule():
    asyncio.create_task(apply())
