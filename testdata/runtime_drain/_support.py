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
    loop = asyncio.get_event_loop()  # the running loop (3.6 has no get_running_loop)
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


class App:
    """Enough of a web application to register shutdown handlers and run them."""

    def __init__(self):
        self.handlers = {}

    def on_event(self, name):
        def register(handler):
            self.handlers.setdefault(name, []).append(handler)
            return handler

        return register

    async def shut_down(self):
        for handler in self.handlers.get("shutdown", []):
            await handler()


def run(main):
    """`asyncio.run(main)`, or on 3.6 what it does: run `main`, then cancel what is left and wait
    for it before the loop closes."""
    if hasattr(asyncio, "run"):
        return asyncio.run(main)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(main)
    finally:
        left = [t for t in asyncio.Task.all_tasks(loop) if not t.done()]
        for task in left:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        loop.close()


def report(module_globals, expected, **checks):
    """One JSON line: did the events happen in the expected order (each task cancelled before
    `main` went on past the shutdown hook) and do the program's own `checks` hold, and how many
    tasks do the sets still hold."""
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
                "ok": events == expected and all(checks.values()),
                "events": events,
                "checks": checks,
                "held": sum(len(s) for s in sets) if sets else None,
            }
        )
    )
    sys.stdout.flush()
