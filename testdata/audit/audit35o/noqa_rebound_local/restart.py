import asyncio


async def work(n):
    await asyncio.sleep(n)


async def restart():
    # `rebound` (its local shape) silenced: the first task is lost when `task` is bound again,
    # whatever the comment says; `check` stays silent.
    task = asyncio.create_task(work(1))  # noqa: RUF006
    task = asyncio.create_task(work(2))
    await task


async def restart_spread():
    # The comment on the first line of a statement that spans lines silences it too.
    worker = asyncio.create_task(  # noqa: RUF006
        work(1),
    )
    worker = asyncio.create_task(work(2))
    await worker


async def restart_unsilenced():
    # The same without the comment: `rebound`, the fields the silenced ones share.
    task = asyncio.create_task(work(1))
    task = asyncio.create_task(work(2))
    await task


async def awaited_first():
    # Near miss: the first task is awaited before the name is bound again: kept.
    task = asyncio.create_task(work(1))  # noqa: RUF006
    await task
    task = asyncio.create_task(work(2))
    await task
