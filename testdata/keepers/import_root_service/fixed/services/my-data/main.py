"""The service's entry point, run with its folder on `sys.path`."""

import asyncio

from _background import keep_task
from middleware.log import setup
from store import Store

setup()


async def warm():
    await asyncio.sleep(1)


async def lifespan(store: Store):
    keep_task(asyncio.create_task(warm(), name="warm"))
    yield
