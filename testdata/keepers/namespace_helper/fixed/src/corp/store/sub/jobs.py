import asyncio

from corp.store._background import keep_task
from corp.store.work import work

from . import names


def start():
    keep_task(asyncio.create_task(work(names.JOBS)))
