import asyncio


async def work(n):
    await asyncio.sleep(n)


def report(task):
    print(task.result())


def start(kind):
    # `callback-only` of a name bound in each branch, silenced in the first two: only
    # `add_done_callback` reads it, and a done callback keeps nothing.
    if kind == 1:
        task = asyncio.create_task(work(1))  # noqa: RUF006
        task.add_done_callback(report)
    elif kind == 2:
        task = asyncio.create_task(  # noqa: RUF006
            work(2),
        )
        task.add_done_callback(report)
    else:
        task = asyncio.create_task(work(3))
        task.add_done_callback(report)


def start_once():
    # Bound once (found as the walk reaches it, as audit35n made it): dropped with no kind.
    task = asyncio.create_task(work(4))  # noqa: RUF006
    task.add_done_callback(report)


def kept(kind):
    # Near miss: the task is returned: kept.
    if kind:
        task = asyncio.create_task(work(1))  # noqa: RUF006
    else:
        task = asyncio.create_task(work(2))
    task.add_done_callback(report)
    return task
