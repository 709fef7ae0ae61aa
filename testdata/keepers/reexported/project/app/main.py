"""Imports the keeper through the package that re-exports it: the site calls it."""

import asyncio

from bg import spawn_bg


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_bg(work())
    asyncio.create_task(work())
