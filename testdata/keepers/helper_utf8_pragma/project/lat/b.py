# -*- coding: latin-1 -*-
import asyncio


async def work() -> None:
    await asyncio.sleep(1)


def start() -> None:
    asyncio.create_task(work())
