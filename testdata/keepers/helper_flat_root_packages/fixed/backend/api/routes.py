import asyncio

from backend.api.ops import ping
from config.settings import INTERVAL
from core._background import keep_task
from core.recitation import start


async def _refresh() -> None:
    await asyncio.sleep(INTERVAL)


def handle() -> None:
    start()
    ping()
    keep_task(asyncio.create_task(_refresh()))
