"""The instance holds an object of another file's class whose method keeps tasks: the fix calls
it (`self.registry.background(work())`)."""

import asyncio

from _registry import Registry
from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    events.append(await wait_on_weak_future())


class Service:
    def __init__(self):
        self.registry = Registry()

    async def run(self):
        asyncio.create_task(work())


# The registry keeps the tasks as long as it lives: here, as long as the program.
SERVICE = Service()


async def main():
    await SERVICE.run()
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done"])
