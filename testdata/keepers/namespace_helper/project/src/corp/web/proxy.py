import asyncio

from corp.store.work import work


def start():
    asyncio.create_task(work("proxy"))
