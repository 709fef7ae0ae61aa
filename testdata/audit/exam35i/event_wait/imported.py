"""The class read through the file's imports: `Event` after `from asyncio import Event`, `E`
after `from asyncio import Event as E`, `aio.Event` after `import asyncio as aio`."""

import asyncio as aio
from asyncio import Event
from asyncio import Event as E


async def work():
    await aio.sleep(1)


async def imported():
    stop = Event()
    stop_task = aio.create_task(stop.wait())
    job = aio.create_task(work())
    done, _ = await aio.wait({stop_task, job}, return_when=aio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()


async def aliased():
    stop = E()
    stop_task = aio.create_task(stop.wait())
    job = aio.create_task(work())
    done, _ = await aio.wait({stop_task, job}, return_when=aio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()


async def through_the_module():
    stop = aio.Event()
    stop_task = aio.create_task(stop.wait())
    job = aio.create_task(work())
    done, _ = await aio.wait({stop_task, job}, return_when=aio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return job.result()
