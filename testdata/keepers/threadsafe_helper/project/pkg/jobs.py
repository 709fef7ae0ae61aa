import asyncio

from .conn import DONE


async def job(name):
    await asyncio.sleep(0.01)
    DONE.append(name)


def start(name):
    asyncio.get_running_loop().create_task(job(name))
