"""Helpers that start work in the background."""

import asyncio
import logging
from typing import Any

_background_tasks: "set[asyncio.Future[Any]]" = set()

logger = logging.getLogger(__name__)


def spawn(coro):
    """Start `coro` as a task and hand it to the caller."""
    task = asyncio.create_task(coro)
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


async def spawn_soon(coro):
    await asyncio.sleep(0)
    task = asyncio.ensure_future(coro)
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    task.add_done_callback(lambda t: logger.debug("done: %s", t))
    return task


def unused_factory(coro):
    # Every caller keeps its result: not fixed.
    return asyncio.create_task(coro)
