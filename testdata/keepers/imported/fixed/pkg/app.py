"""Imports the keeper by name: the sites that need no task call it."""

import asyncio

from .util import spawn_bg

_background_tasks: "set[asyncio.Task[object]]" = set()


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_bg(work())
    spawn_bg(work(), name="w")
    spawn_bg(work())
    # The task is used here and the keeper does not return it: another strategy keeps it.
    task = asyncio.create_task(work())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    task.add_done_callback(print)
