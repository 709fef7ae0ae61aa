import asyncio


async def main(jobs):
    asyncio.create_task(work())  # plain
    task = asyncio.ensure_future(work())
    [asyncio.create_task(j) for j in jobs]
    asyncio.create_task(
        work(),
    ).add_done_callback(print)
    asyncio.create_task(work()) if jobs else None
