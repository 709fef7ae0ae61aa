"""A script beside the package it imports, which has no helper module before the fix: it keeps
its task inline (a module is not added to the package only for its scripts)."""
import asyncio
import gc
from typing import Set

from pkg.work import DONE, work

_background_tasks: "Set[asyncio.Task[object]]" = set()


async def main():
    task = asyncio.create_task(work("agent"))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if DONE:
            break
    assert DONE == ["agent"], DONE
    print("ok")


if __name__ == "__main__":
    asyncio.new_event_loop().run_until_complete(main())
