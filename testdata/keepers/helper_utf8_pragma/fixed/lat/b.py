# -*- coding: latin-1 -*-
import asyncio

from ._background import keep_task


async def work() -> None:
    await asyncio.sleep(1)


def start() -> None:
    keep_task(asyncio.create_task(work()))
