import asyncio

from ..core.models import State


async def _predict(state: State) -> None:
    await asyncio.sleep(1)


def start(state: State) -> None:
    asyncio.create_task(_predict(state))
