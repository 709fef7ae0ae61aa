"""A script beside the package it imports: it imports the package's helper."""
import asyncio
import gc

from pkg import _background
from pkg._background import keep_task
from pkg.work import DONE, work


async def main():
    keep_task(asyncio.create_task(work("agent")))
    gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if DONE:
            break
    assert DONE == ["agent"] and not _background._background_tasks, DONE
    print("ok")


if __name__ == "__main__":
    asyncio.new_event_loop().run_until_complete(main())
