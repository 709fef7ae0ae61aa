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


def cleanup():
    # The next statement gathers every task of the loop, this one too (the ready queue holds it
    # until then: a plain `def` runs no step of the loop between), and the loop runs the gather.
    LOOP.create_task(cleanup_later())
    pending = asyncio.gather(*asyncio.all_tasks(LOOP), return_exceptions=True)
    LOOP.run_until_complete(asyncio.wait_for(pending, 40))


def cleanup_gathered_late():
    # A statement between: not read, the drop stays.
    LOOP.create_task(cleanup_later())
    print("finishing")
    pending = asyncio.gather(*asyncio.all_tasks(LOOP), return_exceptions=True)
    LOOP.run_until_complete(pending)


async def cleanup_later():
    await asyncio.sleep(1)
