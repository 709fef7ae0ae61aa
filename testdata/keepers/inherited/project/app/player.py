"""Objects handed the application, whose class their annotation names: its keeper keeps."""
import asyncio

from .mass import Mass
from .work import work


class Player:
    def __init__(self, mass: Mass, name):
        self.mass = mass
        self.name = name

    def play(self):
        asyncio.create_task(work(self.name))


class Untyped:
    def __init__(self, mass):
        self.mass = mass

    def play(self):
        asyncio.create_task(work("untyped"))


class Speaker:
    """The class named on the attribute, for a parameter without one: its keeper keeps."""

    def __init__(self, mass):
        self.mass: Mass = mass

    def play(self):
        asyncio.create_task(work("speaker"))
