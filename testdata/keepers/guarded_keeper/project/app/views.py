import asyncio

from app.tasks import Closing, Keeper, TaskManager
from app.work import work


class GuardedView:
    def __init__(self):
        self.tasks = TaskManager()

    def clicked(self):
        asyncio.create_task(work("guarded"))


class ClosingView:
    def __init__(self):
        self.manager = Closing()

    def clicked(self):
        asyncio.ensure_future(work("closing"))


class PlainView:
    def __init__(self):
        self.keeper = Keeper()

    def clicked(self):
        asyncio.create_task(work("plain"))
