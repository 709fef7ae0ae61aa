import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(name):
    events.append(await wait_on_weak_future(name))


async def main():
    # The first task is lost when `task` is bound again.
    task = asyncio.create_task(work("first"))
    task = asyncio.create_task(work("second"))
    await collect_garbage()
    await task
    await settle()


asyncio.run(main())
report(globals(), ["first", "second"])
