"""Imports a name the package does not re-export: not the keeper, which the site does not call."""

import asyncio

from bg import spawn_hidden


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_hidden(work())
    asyncio.create_task(work())
