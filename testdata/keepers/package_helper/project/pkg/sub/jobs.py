import asyncio

from ..work import work


def start():
    asyncio.get_running_loop().create_task(work("jobs"), name="jobs")
    asyncio.ensure_future(work("jobs-again"))
