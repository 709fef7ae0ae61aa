import asyncio

from corp.store._background import keep_task
from corp.store.work import work


def start():
    keep_task(asyncio.ensure_future(work("fetch")))
