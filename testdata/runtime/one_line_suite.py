import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    events.append(await wait_on_weak_future())


async def main(flag=True):
    if flag: asyncio.create_task(work()); events.append("same line")
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done", "same line"])
