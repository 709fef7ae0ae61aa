"""Imports a name the package does not re-export: not the keeper, which the site does not call."""

import asyncio

from bg import spawn_hidden

_background_tasks: "set[asyncio.Task[object]]" = set()


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_hidden(work())
    task = asyncio.create_task(work())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
