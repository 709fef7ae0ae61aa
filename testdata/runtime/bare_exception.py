import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    await wait_on_weak_future()
    events.append("raised")
    raise RuntimeError("the task fails after its work")


async def main():
    asyncio.ensure_future(work())
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["raised"])
