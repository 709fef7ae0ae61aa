"""A module function or a singleton's method of another module that never suspends is kept by
the loop; anything the index cannot prove stays a drop."""

import asyncio

import app.events as ev
from app.events import decorated, derived, emitter, notify, wait_for


def kept(message):
    asyncio.create_task(notify(message))
    asyncio.create_task(ev.notify(message))
    asyncio.ensure_future(emitter.emit(message))
    asyncio.create_task(ev.emitter.emit(message))


def dropped(message):
    asyncio.create_task(wait_for(message))
    asyncio.create_task(decorated(message))
    asyncio.create_task(emitter.emit_bounded(message))
    asyncio.create_task(emitter.drain())
    asyncio.create_task(derived.greet())
