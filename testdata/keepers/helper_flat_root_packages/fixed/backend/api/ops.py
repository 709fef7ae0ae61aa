import asyncio

from core._background import keep_task


async def _ping() -> None:
    await asyncio.sleep(1)


def ping() -> str:
    from core.recitation import start
    from modules.operator import describe

    start()
    keep_task(asyncio.create_task(_ping()))
    return describe()
