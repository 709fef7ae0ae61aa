import asyncio

from ..models import MODEL


async def _show(value: int) -> None:
    await asyncio.sleep(1)
    print(value)


def show() -> None:
    asyncio.create_task(_show(MODEL))
