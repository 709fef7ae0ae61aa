import asyncio

tasks = []
pending = []


async def stop() -> None:
    for task in tasks:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


def remember(task):
    # Another function's own local of that name is not the module's list.
    pending = [task]
    for t in pending:
        t.cancel()
