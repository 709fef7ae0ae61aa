"""Scaffolding for the runtime programs: work that can only finish if its Task is kept alive.

The task waits on a future that nothing but a weak reference (and the waiting task itself) points
to. If nothing else holds the task, `gc.collect()` destroys the pair and the work never finishes.
"""

import asyncio
import gc
import json
import sys
import weakref

events = []


async def wait_on_weak_future(result="done"):
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_later(0.01, _resolve, weakref.ref(future), result)
    return await future


def _resolve(ref, result):
    future = ref()
    if future is not None and not future.done():
        future.set_result(result)


async def collect_garbage():
    """Let new tasks start and block, then collect everything unreachable."""
    await asyncio.sleep(0)
    gc.collect()


async def settle():
    """Time for pending work and done-callbacks to run."""
    await asyncio.sleep(0.05)


def report(module_globals, expected):
    """One JSON line: did the expected events happen, and how many tasks do the sets still hold
    (the module's, and those of the program's own objects, where the `owner` strategy keeps them)."""
    sets = [module_globals.get("_background_tasks")]
    # The concurrent futures of `run_coroutine_threadsafe`, which hold their tasks.
    sets.append(module_globals.get("_background_futures"))
    sets += [
        getattr(o, "_background_tasks", None)
        for o in gc.get_objects()
        # The program's own objects, and the instances of a keeper class another file defines.
        if type(o).__module__ in ("__main__", "_registry") and not isinstance(o, type)
    ]
    # The project keepers of the `keep-with` runs: one takes the task, one the coroutine.
    for module in ("_keeper", "_spawner"):
        sets.append(getattr(sys.modules.get(module), "kept", None))
    factories = sys.modules.get("_factories")  # task factories fixed in their own module
    sets.append(getattr(factories, "_background_tasks", None))
    # The `helper` strategy's one module for a folder of scripts that import each other.
    sets.append(getattr(sys.modules.get("_background"), "_background_tasks", None))
    sets = [s for s in sets if isinstance(s, set)]
    print(
        json.dumps(
            {
                "ok": sorted(events) == sorted(expected),
                "events": events,
                "held": sum(len(s) for s in sets) if sets else None,
            }
        )
    )
