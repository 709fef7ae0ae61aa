import asyncio

from app.tasks import Closing, Keeper, TaskManager
from app.work import work

_background_tasks: "set[asyncio.Task[object]]" = set()


class GuardedView:
    def __init__(self):
        self.tasks = TaskManager()

    def clicked(self):
        task = asyncio.create_task(work("guarded"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class ClosingView:
    def __init__(self):
        self.manager = Closing()

    def clicked(self):
        task = asyncio.ensure_future(work("closing"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class PlainView:
    def __init__(self):
        self.keeper = Keeper()

    def clicked(self):
        self.keeper.spawn(work("plain"))
