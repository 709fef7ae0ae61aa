"""Keep background tasks alive until they are done."""

import asyncio

_background_tasks = set()


def keep_task(task):
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task
