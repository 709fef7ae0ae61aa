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
    work_task = asyncio.create_task(work(request))
    app_state.background_tasks.add(work_task)
    work_task.add_done_callback(app_state.background_tasks.discard)


async def other(request, app_state):
    task = asyncio.create_task(work(request))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)


def launch(request, name):
    """The state's set through a local bound first, and an alias of it bound below the first
    site, which the done callback uses."""
    app_state = request.app.state
    try:
        task = asyncio.create_task(work(name))
    except RuntimeError:
        work_task = asyncio.create_task(work("failed"))
        app_state.background_tasks.add(work_task)
        work_task.add_done_callback(app_state.background_tasks.discard)
        return
    bg_tasks = app_state.background_tasks
    bg_tasks.add(task)

    def _on_done(t):
        bg_tasks.discard(t)
        if not t.cancelled():
            task = asyncio.create_task(work("after " + name))
            bg_tasks.add(task)
            task.add_done_callback(bg_tasks.discard)

    task.add_done_callback(_on_done)
