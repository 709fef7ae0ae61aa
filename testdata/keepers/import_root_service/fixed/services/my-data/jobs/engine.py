"""The job engine: imports the service's `db` by its bare name."""

import asyncio

from _background import keep_task
from db import get


async def cleanup():
    await asyncio.sleep(1)
    return get()


def schedule():
    keep_task(asyncio.ensure_future(cleanup()))
