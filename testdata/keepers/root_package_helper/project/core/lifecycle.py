import asyncio

from ..errors import PluginError


async def reinitialize() -> None:
    await asyncio.sleep(1)


async def start() -> None:
    try:
        asyncio.create_task(reinitialize())
    except PluginError:
        pass
