import asyncio

from .models import Mode


async def _shield(mode: Mode) -> None:
    await asyncio.sleep(1)


def start(mode: Mode) -> None:
    asyncio.create_task(_shield(mode))
