import asyncio


async def work(i):
    await asyncio.sleep(1)


async def main():
    # The loop binds `task` anew each turn: the earlier task is lost while `main` runs.
    for i in range(3):
        task = asyncio.create_task(work(i))
    await asyncio.sleep(1)


asyncio.run(main())
