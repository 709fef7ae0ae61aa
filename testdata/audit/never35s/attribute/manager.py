"""A task whose coroutine is a method of an object this module holds, of a class another
module defines: `unknown` where that class's own method never suspends (a subclass may
override it), a drop otherwise."""

import asyncio

from limits.coordinator import Coordinator, Derived, make_coordinator


class Manager:
    def __init__(self):
        self._coordinator: Coordinator | None = None
        self._made = Coordinator()
        self._derived: Derived = Derived()
        self._coordinator = make_coordinator()

    def start(self):
        asyncio.create_task(self._coordinator.start_monitoring())
        asyncio.create_task(self._made.start_monitoring())

    def still_dropped(self):
        asyncio.create_task(self._coordinator.flush())
        asyncio.create_task(self._derived.start_monitoring())


def handed(coordinator: Coordinator):
    asyncio.create_task(coordinator.start_monitoring())
    asyncio.create_task(coordinator.flush())
