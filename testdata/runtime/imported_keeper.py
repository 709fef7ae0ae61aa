"""The project's keeper that takes a coroutine, imported from another file: the fix calls it."""

import asyncio

from _spawner import spawn
from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    events.append(await wait_on_weak_future())


async def main():
    asyncio.create_task(work())
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done"])
