import asyncio


async def consumer(i):
    await asyncio.sleep(1)


async def dropped_result():
    # The wait's result is bound to `_` and never read: no exception is looked at, and what
    # the timeout leaves pending is neither cancelled nor awaited.
    consumers = [asyncio.create_task(consumer(i)) for i in range(3)]
    _ = await asyncio.wait(consumers, timeout=10.0)


async def read_result():
    # The done set is read: its exceptions are looked at.
    consumers = [asyncio.create_task(consumer(i)) for i in range(3)]
    done, _ = await asyncio.wait(consumers, timeout=10.0)
    for t in done:
        t.result()
