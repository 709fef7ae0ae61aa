import asyncio

from pkg.shared import LOOP


async def cleanup():
    await asyncio.sleep(1)


def stop():
    LOOP.create_task(cleanup())


def renamed():
    # Renamed on import: not followed (the prefilter looks for the module's own spelling).
    from pkg.shared import LOOP as L

    L.create_task(cleanup())
