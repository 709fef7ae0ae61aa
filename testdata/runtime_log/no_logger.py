"""A module without a logger, and tasks started by a method (kept on the instance by `owner`)."""

import asyncio

from _support import fail, report, run_until_cancelled, succeed


class Worker:
    def __init__(self):
        self.started = 0

    def start(self):
        self.started += 1
        asyncio.get_running_loop().create_task(fail())
        asyncio.get_running_loop().create_task(succeed())
        asyncio.get_running_loop().create_task(run_until_cancelled())


worker = Worker()


async def main():
    worker.start()
    await asyncio.sleep(0.05)


asyncio.run(main())
report()
