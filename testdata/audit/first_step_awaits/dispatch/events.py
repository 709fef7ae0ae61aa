"""pyrobud's shape in one file (exam35g, false-positive class 1): `log_stat` awaits
`dispatch_event(..., wait=False)`, whose one suspension is under `if wait:`; `announce` awaits a
coroutine that yields once with `asyncio.sleep(0)`; `refresh` awaits one that sleeps on a timer."""

import asyncio


async def dispatch_event(listeners, event, *args, wait=True):
    tasks = set()
    for listener in listeners.get(event, ()):
        tasks.add(asyncio.ensure_future(listener(*args)))
    if wait:
        await asyncio.wait(tasks)


async def log_stat(listeners, stat):
    await dispatch_event(listeners, "stat_event", stat, wait=False)


async def pause():
    await asyncio.sleep(0)


async def announce(listeners):
    await pause()
    print("announced", len(listeners))


async def refresh(listeners):
    await asyncio.sleep(1)
    listeners.clear()


def snip_repl(listeners, loop):
    asyncio.run_coroutine_threadsafe(log_stat(listeners, "replaced"), loop)
    loop.create_task(announce(listeners))
    loop.create_task(refresh(listeners))
