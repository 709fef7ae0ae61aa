"""Classes of another file's keeper class: the ones that inherit its keeper use it."""
import asyncio

from .base import Base
from .work import work

_background_tasks: "set[asyncio.Task[object]]" = set()


class Room(Base):
    def join(self):
        self._run_task(work("join"))

    def leave(self):
        self._run_task(work("leave"), name="leave")


class Lobby(Base):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def open(self):
        self._run_task(work("lobby"))


class Hall(Base):
    """Overrides the keeper: the strategy keeps the task."""

    def _run_task(self, coro):
        return coro

    def open(self):
        task = asyncio.create_task(work("hall"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class Annex(Base):
    """Never runs the base's `__init__`, which creates the keeper's set."""

    def __init__(self):
        self.name = "annex"

    def open(self):
        task = asyncio.create_task(work("annex"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)
