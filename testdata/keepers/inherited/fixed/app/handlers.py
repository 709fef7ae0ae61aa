"""A handler that keeps tasks in a set of the application state it is handed."""
import asyncio

from .work import work

_background_tasks: "set[asyncio.Task[object]]" = set()


class AppState:
    def __init__(self):
        self.background_tasks = set()


async def handle(request, app_state):
    task = asyncio.create_task(work("first"))
    app_state.background_tasks.add(task)
    task.add_done_callback(app_state.background_tasks.discard)
    task_1 = asyncio.create_task(work(request))
    app_state.background_tasks.add(task_1)
    task_1.add_done_callback(app_state.background_tasks.discard)


async def other(request, app_state):
    task = asyncio.create_task(work(request))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
