import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    try:
        await wait_on_weak_future()
    except asyncio.CancelledError:
        events.append("cancelled")
        raise


async def main():
    asyncio.create_task(work())
    await collect_garbage()
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task():
            task.cancel()
    await settle()


asyncio.run(main())
report(globals(), ["cancelled"])
