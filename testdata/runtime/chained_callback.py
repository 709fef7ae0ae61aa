import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    events.append(await wait_on_weak_future())


async def main():
    asyncio.create_task(work()).add_done_callback(lambda _: events.append("callback"))
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done", "callback"])
