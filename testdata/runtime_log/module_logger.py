"""A module with a logger of its own: the failure is logged with it, once."""

import asyncio
import logging

from _support import fail, report, run_until_cancelled, succeed

log = logging.getLogger("app")


def start():
    asyncio.create_task(fail())
    asyncio.create_task(succeed())
    asyncio.ensure_future(run_until_cancelled())


async def main():
    start()
    await asyncio.sleep(0.05)


asyncio.run(main())
report()
