import asyncio

import helpers
from helpers import remember, track as keep


async def work():
    await asyncio.sleep(1)


async def main():
    first = asyncio.create_task(work())
    keep(first)
    helpers.track_later("second", asyncio.create_task(work()))
    third = asyncio.create_task(work())
    remember(third)
    fourth = asyncio.create_task(work())
    helpers.log_when_done(fourth)
    fifth = asyncio.create_task(work())
    await helpers.finish(fifth, timeout=5)
    sixth = asyncio.create_task(work())
    helpers.maybe_track(sixth, True)
    seventh = asyncio.create_task(work())
    helpers.unknown(seventh)
