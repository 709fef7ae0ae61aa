"""A race with a stop event: the task that only waits for the asyncio `Event` has no exception
to retrieve (`Event.wait()` raises nothing but `CancelledError`), so its exceptions are `n/a`."""

import asyncio


async def serve(conn):
    await asyncio.sleep(1)


async def serve_until_stopped(conn, stop: asyncio.Event):
    served = asyncio.create_task(serve(conn))
    stopped = asyncio.create_task(stop.wait())
    done, pending = await asyncio.wait({served, stopped}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if served in done:
        return served.result()
    return None
