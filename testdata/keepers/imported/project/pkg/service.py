"""Holds a registry of another file's class: its methods call the registry's keeper."""

import asyncio

from . import registry
from .registry import Registry


async def work():
    await asyncio.sleep(0.001)


class Service:
    def __init__(self):
        self.registry = Registry()

    async def run(self):
        asyncio.create_task(work())
        task = asyncio.create_task(work())
        task.add_done_callback(print)


class Other:
    def __init__(self):
        self._jobs = registry.Registry()

    async def run(self):
        asyncio.create_task(work())


class Given:
    """Its registry is a parameter: of which class is not known."""

    def __init__(self, jobs):
        self.registry = jobs

    async def run(self):
        asyncio.create_task(work())
