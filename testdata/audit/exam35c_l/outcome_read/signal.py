import asyncio


async def test_signal(wait):
    wait2_task = asyncio.create_task(wait())
    await asyncio.sleep(0.1)
    assert not wait2_task.done()
    await asyncio.sleep(0.1)
    assert wait2_task.done()
    assert wait2_task.result() == 1


async def awaited_after(wait):
    task = asyncio.create_task(wait())
    if task.done():
        print(task.result())
    return await task



async def cancelled_unless_done(work):
    orchestrator = asyncio.create_task(work())
    try:
        await asyncio.sleep(1)
    finally:
        if not orchestrator.done():
            orchestrator.cancel()
        elif orchestrator.exception() is not None:
            print(orchestrator.exception())
