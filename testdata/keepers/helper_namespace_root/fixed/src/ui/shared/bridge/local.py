import asyncio

from ..._background import keep_task
from ..models import MODEL


async def _show(value: int) -> None:
    await asyncio.sleep(1)
    print(value)


def show() -> None:
    keep_task(asyncio.create_task(_show(MODEL)))
