# Issue 35, "Containers that hold nothing": each task below is dropped, as the kind says.
import asyncio
import weakref


async def work(n):
    await asyncio.sleep(n)


def report(task):
    print(task.result())


class ByName:
    def __init__(self):
        self._running = weakref.WeakValueDictionary()
        self._keys = weakref.WeakKeyDictionary()

    def start(self, name):
        self._running[name] = asyncio.create_task(work(1))

    def start_key(self, name):
        self._keys[asyncio.create_task(work(2))] = name


async def only_discard(xs):
    running = set()
    for x in xs:
        task = asyncio.create_task(work(x))
        running.add(task)
        task.add_done_callback(running.discard)


def unread(n):
    _ = [asyncio.create_task(work(i)) for i in range(n)]


def start(kind):
    if kind == 1:
        task = asyncio.create_task(work(1))
        task.add_done_callback(report)
    elif kind == 2:
        task = asyncio.create_task(work(2))
        task.add_done_callback(report)
    else:
        task = asyncio.create_task(work(3))
        task.add_done_callback(report)
