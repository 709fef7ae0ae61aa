import asyncio

from corp.store.work import work


def start():
    asyncio.ensure_future(work("fetch"))
