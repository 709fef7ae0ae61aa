"""A service whose `close` is its shutdown hook; `--strategy owner` keeps the task on it."""

import asyncio

from _support import collect_garbage, events, report, run_until_cancelled


class Service:
    def __init__(self):
        self.closed = False

    def start(self):
        asyncio.get_running_loop().create_task(run_until_cancelled("service"))

    async def close(self):
        """Stop the service."""
        self.closed = True


service = Service()


async def main():
    service.start()
    await collect_garbage()
    await service.close()
    events.append("shut down")


asyncio.run(main())
report(globals(), ["service cancelled", "shut down"])
