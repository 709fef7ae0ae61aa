import asyncio


class Sub:
    def __init__(self):
        self.closed = asyncio.Event()


async def watch(sub):
    await asyncio.sleep(1)


def from_process(sub):
    # Only the nested coroutine awaits the task, through `nonlocal`; the function never runs
    # it to its end: what keeps the task is not proved.
    watcher = asyncio.create_task(watch(sub))

    async def stop_watching():
        nonlocal watcher
        await sub.closed.wait()
        watcher.cancel()
        await watcher

    stopper = asyncio.create_task(stop_watching())
    return sub


async def awaited_through_closure(sub):
    # The frame awaits the nested coroutine, which awaits the task on every path: awaited.
    watcher = asyncio.create_task(watch(sub))

    async def finish():
        nonlocal watcher
        await watcher

    await finish()


async def cancelled_in_closure(sub):
    # A `nonlocal` closure's cancel is the frame's own look at the task.
    watcher = asyncio.create_task(watch(sub))

    def stop():
        nonlocal watcher
        watcher.cancel()

    stop()
    await asyncio.sleep(1)


async def groups(source):
    # The nested function that binds the `nonlocal` task awaits it itself: its own await.
    task = None

    async def next_group():
        nonlocal task
        task = asyncio.create_task(watch(source))
        done, _ = await asyncio.wait((task,), timeout=1)
        return done

    try:
        return await next_group()
    finally:
        if task is not None:
            task.cancel()
