import asyncio

from app._background import keep_task
from app.work import work


def start() -> None:
    keep_task(asyncio.create_task(work("server")))
