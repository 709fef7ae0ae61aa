import asyncio

from bot import pending, tasks


async def watcher():
    while True:
        await asyncio.sleep(60)


tasks.append(asyncio.create_task(watcher()))
# `bot` never shuts `pending` down.
pending.append(asyncio.create_task(watcher()))
