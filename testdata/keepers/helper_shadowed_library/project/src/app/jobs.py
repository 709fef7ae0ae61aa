import asyncio

from app import settings


async def tick():
    await asyncio.sleep(settings["interval"])


def start():
    asyncio.create_task(tick())
