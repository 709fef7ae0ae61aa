"""A loose script of the folder: it imports `store` by its bare name, which proves the folder
its import root."""

import asyncio

from _background import keep_task
from store import Store


async def warm(store: Store):
    await asyncio.sleep(1)


def start(store: Store):
    keep_task(asyncio.create_task(warm(store)))
