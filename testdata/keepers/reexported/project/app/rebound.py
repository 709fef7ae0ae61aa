"""Imports a name the package binds again: not the keeper, which the site does not call."""

import asyncio

from bg import spawn_rebound


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_rebound(work())
    asyncio.create_task(work())
