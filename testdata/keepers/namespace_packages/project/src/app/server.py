import asyncio

from app.work import work


def start() -> None:
    asyncio.create_task(work("server"))
