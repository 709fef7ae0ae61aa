import asyncio

from corp.store.work import work

from ._background import keep_task


def start():
    keep_task(asyncio.create_task(work("proxy")))
