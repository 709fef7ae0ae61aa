import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(name):
    events.append(await wait_on_weak_future(name))


def start(names):
    started = []
    for name in names:
        started.append(asyncio.create_task(work(name)))


async def main():
    # The list of tasks dies with `start`.
    start(["a", "b"])
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["a", "b"])
