import asyncio


def log_task(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        print(task.exception())
