import asyncio

from config.settings import INTERVAL
from core._background import keep_task
from core.recitation import start


async def _tick() -> None:
    await asyncio.sleep(INTERVAL)


def describe() -> str:
    return "operator"


def dispatch() -> None:
    start()
    keep_task(asyncio.ensure_future(_tick()))
