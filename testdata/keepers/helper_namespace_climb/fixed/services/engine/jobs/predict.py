import asyncio

from .._background import keep_task
from ..core.models import State


async def _predict(state: State) -> None:
    await asyncio.sleep(1)


def start(state: State) -> None:
    keep_task(asyncio.create_task(_predict(state)))
