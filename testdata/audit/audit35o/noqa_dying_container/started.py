import asyncio


async def work(n):
    await asyncio.sleep(n)


async def start_all(jobs):
    # `dying-container` silenced: the list dies with the frame, and its tasks with it.
    started = []
    for job in jobs:
        started.append(asyncio.create_task(work(job)))  # noqa: RUF006


async def start_all_unsilenced(jobs):
    # The same without the comment.
    started = []
    for job in jobs:
        started.append(asyncio.create_task(work(job)))


async def only_discard(xs):
    # The set that only its own tasks' done callbacks refer to, silenced.
    running = set()
    for x in xs:
        task = asyncio.create_task(work(x))  # noqa: RUF006
        running.add(task)
        task.add_done_callback(running.discard)


async def only_discard_unsilenced(xs):
    running = set()
    for x in xs:
        task = asyncio.create_task(work(x))
        running.add(task)
        task.add_done_callback(running.discard)


async def gathered(jobs):
    # Near miss: the list is awaited: kept.
    started = []
    for job in jobs:
        started.append(asyncio.create_task(work(job)))  # noqa: RUF006
    await asyncio.gather(*started)
