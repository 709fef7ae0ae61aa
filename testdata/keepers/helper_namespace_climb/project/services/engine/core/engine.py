import asyncio

from ..config import INTERVAL
from .models import State


async def _watch(state: State) -> None:
    await asyncio.sleep(INTERVAL)


def start(state: State) -> None:
    asyncio.create_task(_watch(state))
