import asyncio


async def expensive():
    await asyncio.sleep(0.0)
    return 1337


async def handler(f: asyncio.Future):
    """printer-ws-client's shape: the task's only reader is its own done callback."""
    loop = asyncio.get_running_loop()
    task = loop.create_task(expensive())
    task.add_done_callback(lambda _: f.set_result(task.result()))
