import asyncio

from pkg import HIDDEN


async def cleanup():
    await asyncio.sleep(1)


def stop():
    # `pkg` does not re-export `HIDDEN`: not followed, no site.
    HIDDEN.create_task(cleanup())
