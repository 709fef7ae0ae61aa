"""Audit class 8: two tasks raced in `asyncio.wait(..., return_when=FIRST_COMPLETED)`, whose
done set is only tested for membership (`if parent_task in done`): retrieval is per task. The
server task is gathered afterwards (retrieved); the parent watcher, when it is the one done,
is read by nothing (not-retrieved): a membership test reads no outcome. A task of the done set
whose `result()` is read is retrieved."""

import asyncio
import threading


async def run_server():
    await asyncio.sleep(1)


async def watch_parent(stop):
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, stop.wait)


async def guarded():
    stop = threading.Event()
    server_task = asyncio.create_task(run_server())
    parent_task = asyncio.create_task(watch_parent(stop))

    done, pending = await asyncio.wait(
        {server_task, parent_task},
        return_when=asyncio.FIRST_COMPLETED,
    )
    stop.set()

    if parent_task in done and not server_task.done():
        server_task.cancel()

    for task in pending:
        task.cancel()

    await asyncio.gather(*pending, return_exceptions=True)

    if server_task.done():
        await asyncio.gather(server_task, return_exceptions=True)


async def read_first():
    stop = threading.Event()
    first = asyncio.create_task(run_server())
    second = asyncio.create_task(watch_parent(stop))
    done, pending = await asyncio.wait({first, second}, return_when=asyncio.FIRST_COMPLETED)
    if second in done:
        return second.result()
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
