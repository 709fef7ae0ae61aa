import asyncio


async def _run() -> None:
    await asyncio.sleep(1)


def start() -> None:
    asyncio.create_task(_run())


def status() -> str:
    from modules.operator import describe

    return describe()
