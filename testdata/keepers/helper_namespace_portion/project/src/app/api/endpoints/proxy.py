"""A regular package inside the namespace portion, importing up to it."""

import asyncio

from ...core import LIMIT


async def refresh():
    await asyncio.sleep(LIMIT)


def endpoint():
    asyncio.create_task(refresh())
