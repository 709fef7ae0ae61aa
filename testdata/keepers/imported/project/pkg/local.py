"""Imports the keeper but has one of its own: the module's own is closer."""

import asyncio

from pkg.util import spawn_bg

_MINE = set()


def _keep(coro):
    task = asyncio.create_task(coro)
    _MINE.add(task)
    task.add_done_callback(_MINE.discard)


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_bg(work())
    asyncio.create_task(work())
