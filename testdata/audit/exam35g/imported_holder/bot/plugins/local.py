import asyncio

from .. import tasks

tasks = []


async def watcher():
    while True:
        await asyncio.sleep(60)


# This module binds its own `tasks`: the imported list is no longer what it names.
tasks.append(asyncio.create_task(watcher()))
