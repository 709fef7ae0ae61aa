"""Imports the keeper by name: the sites that need no task call it."""

import asyncio

from .util import spawn_bg


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_bg(work())
    asyncio.create_task(work(), name="w")
    asyncio.ensure_future(work())
    # The task is used here and the keeper does not return it: another strategy keeps it.
    task = asyncio.create_task(work())
    task.add_done_callback(print)
