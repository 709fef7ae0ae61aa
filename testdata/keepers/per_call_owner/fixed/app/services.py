import asyncio
from typing import Set

from app.work import work

_background_tasks: "Set[asyncio.Task[object]]" = set()


class ArchiveService:
    """Built for one call by every caller: a set on it would die with it."""

    def __init__(self, db):
        self.db = db

    @staticmethod
    def label(name):
        return name.upper()

    def attach(self, name):
        task = asyncio.create_task(work(name))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class Scheduler:
    """Built once, at module level: the instance outlives its tasks."""

    def __init__(self):
        self._tasks: Set[asyncio.Task[object]] = set()
        self.running = False

    def start(self):
        task = asyncio.create_task(work("scheduler"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class Pipeline:
    """Built per call in one place, kept on an object in another."""

    def __init__(self, db):
        self._tasks: Set[asyncio.Task[object]] = set()
        self.db = db

    def run(self):
        task = asyncio.create_task(work("pipeline"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class Listener:
    """Built per call, but it hands itself to a registry."""

    def __init__(self, registry):
        self._tasks: Set[asyncio.Task[object]] = set()
        registry.append(self)

    def listen(self):
        task = asyncio.create_task(work("listener"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class Proxy:
    """Built per call, but its task holds it: the task keeps it while the task is reachable."""

    def __init__(self, db):
        self._tasks: Set[asyncio.Task[object]] = set()
        self.db = db

    async def _pump(self):
        await work("proxy")

    async def run(self):
        task = asyncio.create_task(self._pump())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


scheduler = Scheduler()
