"""A method that never suspends, of an instance this module makes of another module's class,
is kept by the loop; anything the index cannot prove stays a drop."""

import asyncio

import signals.events as ev
from signals.events import Derived, Emitter, Made

emitter = Emitter()
derived = Derived()
made = Made()
twice = Emitter()
by_module = ev.Emitter()


def kept(message):
    asyncio.create_task(emitter.emit(message))
    asyncio.ensure_future(emitter.emit(message))


def dropped(message):
    asyncio.create_task(emitter.emit_bounded(message))
    asyncio.create_task(emitter.drain())
    asyncio.create_task(derived.greet())
    asyncio.create_task(made.greet())
    asyncio.create_task(twice.emit(message))
    asyncio.create_task(by_module.emit(message))
    local = Emitter()
    asyncio.create_task(local.emit(message))


def rebind():
    global twice
    twice = None
