import asyncio

from ._background import keep_task
from .work import work


def start() -> None:
    keep_task(asyncio.create_task(work("jobs")))
