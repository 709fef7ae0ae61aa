"""Objects handed the application, whose class their annotation names: its keeper keeps."""
import asyncio

from .mass import Mass
from .work import work

_background_tasks: "set[asyncio.Task[object]]" = set()


class Player:
    def __init__(self, mass: Mass, name):
        self.mass = mass
        self.name = name

    def play(self):
        self.mass.create_task(work(self.name))


class Untyped:
    def __init__(self, mass):
        self.mass = mass

    def play(self):
        task = asyncio.create_task(work("untyped"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class Speaker:
    """The class named on the attribute, for a parameter without one: its keeper keeps."""

    def __init__(self, mass):
        self.mass: Mass = mass

    def play(self):
        self.mass.create_task(work("speaker"))
