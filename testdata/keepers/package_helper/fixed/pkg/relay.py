import asyncio

from pkg._background import keep_task


def relay(fut):
    keep_task(asyncio.ensure_future(fut))
