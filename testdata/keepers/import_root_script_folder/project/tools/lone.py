"""A script that imports nothing of its folder: no proof of an import root."""

import asyncio


async def ping():
    await asyncio.sleep(1)


def fire():
    asyncio.create_task(ping())


def again():
    asyncio.create_task(ping())
