"""A regular package inside the namespace portion, importing up to it."""

import asyncio

from ..._background import keep_task
from ...core import LIMIT


async def refresh():
    await asyncio.sleep(LIMIT)


def endpoint():
    keep_task(asyncio.create_task(refresh()))
