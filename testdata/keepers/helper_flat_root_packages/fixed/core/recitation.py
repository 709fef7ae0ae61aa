import asyncio

from ._background import keep_task


async def _run() -> None:
    await asyncio.sleep(1)


def start() -> None:
    keep_task(asyncio.create_task(_run()))


def status() -> str:
    from modules.operator import describe

    return describe()
