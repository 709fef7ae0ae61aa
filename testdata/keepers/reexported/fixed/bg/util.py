"""The project's keepers: each takes the coroutine, makes the task and keeps it until done.

It imports a module of its project: no file imports it anew, only one that names it already.
"""

import asyncio

from .limits import LIMIT

_BG = set()
_LIMIT = LIMIT


def spawn_bg(coro):
    task = asyncio.create_task(coro)
    _BG.add(task)
    task.add_done_callback(_BG.discard)


def spawn_rebound(coro):
    task = asyncio.create_task(coro)
    _BG.add(task)
    task.add_done_callback(_BG.discard)


def spawn_hidden(coro):
    task = asyncio.create_task(coro)
    _BG.add(task)
    task.add_done_callback(_BG.discard)
