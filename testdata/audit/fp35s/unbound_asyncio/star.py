"""A star import of another module may bind `asyncio`: the name stays asyncio's."""

from .common import *


async def start(work):
    asyncio.create_task(work())
