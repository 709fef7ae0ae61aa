"""A name the file binds again may be anything by the time the call runs."""

import asyncio

from app.events import emitter, notify


def replace(other):
    global notify
    notify = other


def run(message):
    asyncio.create_task(notify(message))
    emitter.emit = print
    asyncio.create_task(emitter.emit(message))
