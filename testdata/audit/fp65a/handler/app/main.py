import asyncio

from pkg import track, track_hidden, track_rebound
from pkg.util import track as direct


async def work() -> None:
    await asyncio.sleep(1)


async def main() -> None:
    through = asyncio.create_task(work())
    track(through)
    module = asyncio.create_task(work())
    direct(module)
    rebound = asyncio.create_task(work())
    track_rebound(rebound)
    hidden = asyncio.create_task(work())
    track_hidden(hidden)
