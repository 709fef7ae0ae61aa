import asyncio

from .._background import keep_task
from ..errors import PluginError


async def reinitialize() -> None:
    await asyncio.sleep(1)


async def start() -> None:
    try:
        keep_task(asyncio.create_task(reinitialize()))
    except PluginError:
        pass
