import asyncio


async def work():
    await asyncio.sleep(1)


@asyncio.coroutine
def waits_for_its_task():
    # `yield from` a task in a generator-based coroutine waits for it here (`Future.__iter__`
    # is `__await__`), and gets its result or its exception.
    t = asyncio.ensure_future(work())
    yield from t


@asyncio.coroutine
def waits_in_place(loop):
    yield from loop.create_task(work())


def hands_it_on():
    # A plain `yield` gives the task to whoever iterates the generator.
    yield asyncio.ensure_future(work())
