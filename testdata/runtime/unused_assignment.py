import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    events.append(await wait_on_weak_future())


def start():
    # The local name holds the task only until `start` returns.
    _ = asyncio.ensure_future(work())


async def main():
    start()
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done"])
