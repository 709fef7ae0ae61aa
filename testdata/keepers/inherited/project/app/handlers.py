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


def launch(request, name):
    """The state's set through a local bound first, and an alias of it bound below the first
    site, which the done callback uses."""
    app_state = request.app.state
    try:
        task = asyncio.create_task(work(name))
    except RuntimeError:
        asyncio.create_task(work("failed"))
        return
    bg_tasks = app_state.background_tasks
    bg_tasks.add(task)

    def _on_done(t):
        bg_tasks.discard(t)
        if not t.cancelled():
            asyncio.create_task(work("after " + name))

    task.add_done_callback(_on_done)
