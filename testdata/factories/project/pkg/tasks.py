"""Helpers that start work in the background."""

import asyncio
import logging

logger = logging.getLogger(__name__)


def spawn(coro):
    """Start `coro` as a task and hand it to the caller."""
    return asyncio.create_task(coro)


async def spawn_soon(coro):
    await asyncio.sleep(0)
    task = asyncio.ensure_future(coro)
    task.add_done_callback(lambda t: logger.debug("done: %s", t))
    return task


def unused_factory(coro):
    # Every caller keeps its result: not fixed.
    return asyncio.create_task(coro)
