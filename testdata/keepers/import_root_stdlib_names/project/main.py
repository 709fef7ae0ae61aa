"""A loose script of the folder: it imports `store` by its bare name, which proves the folder
its import root."""

import asyncio

from store import Store


async def warm(store: Store):
    await asyncio.sleep(1)


def start(store: Store):
    asyncio.create_task(warm(store))
