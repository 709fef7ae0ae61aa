import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    return await wait_on_weak_future()


def record(task):
    events.append(task.result())


def start():
    # The callback is held by the task; nothing holds the task.
    task = asyncio.ensure_future(work())
    task.add_done_callback(record)


async def main():
    start()
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done"])
