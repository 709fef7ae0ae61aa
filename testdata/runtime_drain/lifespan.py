"""A lifespan context manager (Starlette, FastAPI): what follows its `yield` runs at shutdown."""

import asyncio
from contextlib import asynccontextmanager

from _support import collect_garbage, events, report, run_until_cancelled


@asynccontextmanager
async def lifespan(app):
    asyncio.create_task(run_until_cancelled("warmer"))
    yield
    print("stopped")


async def main():
    async with lifespan(None):
        await collect_garbage()
    events.append("shut down")


asyncio.run(main())
report(globals(), ["warmer cancelled", "shut down"])
