import asyncio


class Handle:
    def __init__(self, task):
        self.task = task


class Runtime:
    def __init__(self):
        self.workflow_tasks = set()


def retrieve(future):
    if not future.cancelled():
        future.exception()


async def start(runtime, coro):
    """dbos's shape: the set keeps the task until it is done; the shield only wraps it."""
    inner_task = asyncio.create_task(coro)
    runtime.workflow_tasks.add(inner_task)
    inner_task.add_done_callback(runtime.workflow_tasks.discard)
    task = asyncio.shield(inner_task)
    task.add_done_callback(retrieve)
    return Handle(task)
