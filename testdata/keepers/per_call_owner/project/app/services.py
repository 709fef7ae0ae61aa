import asyncio

from app.work import work


class ArchiveService:
    """Built for one call by every caller: a set on it would die with it."""

    def __init__(self, db):
        self.db = db

    @staticmethod
    def label(name):
        return name.upper()

    def attach(self, name):
        asyncio.create_task(work(name))


class Scheduler:
    """Built once, at module level: the instance outlives its tasks."""

    def __init__(self):
        self.running = False

    def start(self):
        asyncio.create_task(work("scheduler"))


class Pipeline:
    """Built per call in one place, kept on an object in another."""

    def __init__(self, db):
        self.db = db

    def run(self):
        asyncio.create_task(work("pipeline"))


class Listener:
    """Built per call, but it hands itself to a registry."""

    def __init__(self, registry):
        registry.append(self)

    def listen(self):
        asyncio.create_task(work("listener"))


class Proxy:
    """Built per call, but its task holds it: the task keeps it while the task is reachable."""

    def __init__(self, db):
        self.db = db

    async def _pump(self):
        await work("proxy")

    async def run(self):
        asyncio.create_task(self._pump())


scheduler = Scheduler()
