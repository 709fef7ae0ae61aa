"""Scaffolding for the shutdown programs: work that runs until it is cancelled.

The task waits on a future that only a weak reference (and the waiting task) points to: if
nothing holds the task, `gc.collect()` destroys it mid-work ("Task was destroyed but it is
pending!"); if a set holds it and shutdown drains the set, the work sees its cancellation.
"""

import asyncio
import gc
import json
import sys

events = []


async def run_until_cancelled(name):
    loop = asyncio.get_running_loop()
    future = loop.create_future()  # resolved by no one
    try:
        await future
    except asyncio.CancelledError:
        events.append(f"{name} cancelled")
        raise


async def collect_garbage():
    """Let new tasks start and block, then collect everything unreachable."""
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    gc.collect()


def report(module_globals, expected):
    """One JSON line: did the events happen in the expected order (each task cancelled before
    `main` went on past the shutdown hook), and how many tasks do the sets still hold."""
    sets = [module_globals.get("_background_tasks")]
    sets += [
        getattr(o, "_background_tasks", None)
        for o in gc.get_objects()
        if type(o).__module__ == "__main__" and not isinstance(o, type)
    ]
    sets = [s for s in sets if isinstance(s, set)]
    print(
        json.dumps(
            {
                "ok": events == expected,
                "events": events,
                "held": sum(len(s) for s in sets) if sets else None,
            }
        )
    )
    sys.stdout.flush()
