"""A handler that keeps tasks in a set of the application state it is handed."""
import asyncio

from .work import work


class AppState:
    def __init__(self):
        self.background_tasks = set()


async def handle(request, app_state):
    task = asyncio.create_task(work("first"))
    app_state.background_tasks.add(task)
    task.add_done_callback(app_state.background_tasks.discard)
    asyncio.create_task(work(request))


async def other(request, app_state):
    asyncio.create_task(work(request))
