import asyncio
import logging

log = logging.getLogger(__name__)


def reply(future, loop):
    future.add_done_callback(lambda f: loop.create_task(done(f.result())))


def logged(loop):
    task = loop.create_task(done(1))
    task.add_done_callback(lambda t: t.exception() and log.error("failed", exc_info=t.exception()))


async def done(value):
    await asyncio.sleep(value)
