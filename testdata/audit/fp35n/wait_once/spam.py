# The result kept in `rc` is only handed to `sys.exit`, which prints it: a task's repr reads
# no exception.
import asyncio
import sys


async def task(name):
    await asyncio.sleep(1)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    tasks = []
    for name in ["L9H3", "6WW8"]:
        tasks.append(asyncio.ensure_future(task(name)))
    rc = loop.run_until_complete(asyncio.wait(tasks))
    loop.close()
    sys.exit(rc)
