import asyncio

from corp.store.work import work

from . import names


def start():
    asyncio.create_task(work(names.JOBS))
