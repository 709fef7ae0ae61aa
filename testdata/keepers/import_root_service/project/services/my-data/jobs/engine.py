"""The job engine: imports the service's `db` by its bare name."""

import asyncio

from db import get


async def cleanup():
    await asyncio.sleep(1)
    return get()


def schedule():
    asyncio.ensure_future(cleanup())
