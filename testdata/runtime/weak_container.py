import asyncio
import weakref

from _support import collect_garbage, events, report, settle, wait_on_weak_future

# A weak set holds no reference: it is no keeper.
running = weakref.WeakSet()


async def work(name):
    events.append(await wait_on_weak_future(name))


def start(names):
    for name in names:
        running.add(asyncio.create_task(work(name)))


async def main():
    start(["a", "b"])
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["a", "b"])
