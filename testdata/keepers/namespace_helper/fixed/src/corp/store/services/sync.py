import asyncio

from corp.store._background import keep_task
from corp.store.work import work


def start():
    keep_task(asyncio.create_task(work("sync")))
