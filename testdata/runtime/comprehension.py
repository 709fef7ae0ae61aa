import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(i):
    events.append(await wait_on_weak_future(f"done {i}"))


async def main():
    [asyncio.create_task(work(i)) for i in range(3)]
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done 0", "done 1", "done 2"])
