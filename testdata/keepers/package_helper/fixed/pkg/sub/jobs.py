import asyncio

from .._background import keep_task
from ..work import work


def start():
    keep_task(asyncio.get_running_loop().create_task(work("jobs"), name="jobs"))
    keep_task(asyncio.ensure_future(work("jobs-again")))
