"""What proves no asyncio `Event`, and stays `not-retrieved`: a `threading.Event` (its `wait`
is no coroutine, but another library's may raise), `Event` that another import of the module
binds (`from threading import Event` beside `from asyncio import Event`), a parameter with no
annotation, a local bound twice, and an attribute of another object."""

import asyncio
import threading
from asyncio import Event
from threading import Event  # noqa: F811


async def work():
    await asyncio.sleep(1)


async def threads():
    stop = threading.Event()
    stop_task = asyncio.create_task(stop.wait())
    job = asyncio.create_task(work())
    done, _ = await asyncio.wait({stop_task, job}, return_when=asyncio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()


async def imported_twice():
    stop = Event()
    stop_task = asyncio.create_task(stop.wait())
    job = asyncio.create_task(work())
    done, _ = await asyncio.wait({stop_task, job}, return_when=asyncio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()


async def unannotated(stop):
    stop_task = asyncio.create_task(stop.wait())
    job = asyncio.create_task(work())
    done, _ = await asyncio.wait({stop_task, job}, return_when=asyncio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()


async def bound_twice(other):
    stop = asyncio.Event()
    if other is not None:
        stop = other
    stop_task = asyncio.create_task(stop.wait())
    job = asyncio.create_task(work())
    done, _ = await asyncio.wait({stop_task, job}, return_when=asyncio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()


async def another_object(app):
    stop_task = asyncio.create_task(app.stop_event.wait())
    job = asyncio.create_task(work())
    done, _ = await asyncio.wait({stop_task, job}, return_when=asyncio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()
