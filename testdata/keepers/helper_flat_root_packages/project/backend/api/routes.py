import asyncio

from backend.api.ops import ping
from config.settings import INTERVAL
from core.recitation import start


async def _refresh() -> None:
    await asyncio.sleep(INTERVAL)


def handle() -> None:
    start()
    ping()
    asyncio.create_task(_refresh())
