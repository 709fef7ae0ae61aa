"""The project's own keeper: it imports nothing but the standard library."""
import asyncio
import concurrent.futures

background_tasks = set()


def run_bg_task(coro, *args, **kwargs):
    """Run a background task in a fire-and-forget style."""
    task = asyncio.create_task(coro, *args, **kwargs)
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)


async def run_in_thread(func, *args):
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, func, *args)
    except concurrent.futures.CancelledError:
        raise asyncio.CancelledError
