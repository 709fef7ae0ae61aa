"""Classes of another file's keeper class: the ones that inherit its keeper use it."""
import asyncio

from .base import Base
from .work import work


class Room(Base):
    def join(self):
        asyncio.create_task(work("join"))

    def leave(self):
        asyncio.create_task(work("leave"), name="leave")


class Lobby(Base):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def open(self):
        asyncio.ensure_future(work("lobby"))


class Hall(Base):
    """Overrides the keeper: the strategy keeps the task."""

    def _run_task(self, coro):
        return coro

    def open(self):
        asyncio.create_task(work("hall"))


class Annex(Base):
    """Never runs the base's `__init__`, which creates the keeper's set."""

    def __init__(self):
        self.name = "annex"

    def open(self):
        asyncio.create_task(work("annex"))
