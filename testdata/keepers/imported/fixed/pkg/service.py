"""Holds a registry of another file's class: its methods call the registry's keeper."""

import asyncio

from . import registry
from .registry import Registry

_background_tasks: "set[asyncio.Task[object]]" = set()


async def work():
    await asyncio.sleep(0.001)


class Service:
    def __init__(self):
        self.registry = Registry()

    async def run(self):
        self.registry.background(work())
        task = self.registry.background(work())
        task.add_done_callback(print)


class Other:
    def __init__(self):
        self._jobs = registry.Registry()

    async def run(self):
        self._jobs.background(work())


class Given:
    """Its registry is a parameter: of which class is not known."""

    def __init__(self, jobs):
        self.registry = jobs

    async def run(self):
        task = asyncio.create_task(work())
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)
