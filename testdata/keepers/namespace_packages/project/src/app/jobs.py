import asyncio

from .work import work


def start() -> None:
    asyncio.create_task(work("jobs"))
