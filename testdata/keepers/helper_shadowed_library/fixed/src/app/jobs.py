import asyncio

from app import settings
from app._background import keep_task


async def tick():
    await asyncio.sleep(settings["interval"])


def start():
    keep_task(asyncio.create_task(tick()))
