"""The project's keeper: it takes the coroutine, makes the task and keeps it until done."""

import asyncio

_BG = set()


def spawn_bg(coro, *, name=None):
    task = asyncio.create_task(coro, name=name)
    _BG.add(task)
    task.add_done_callback(_BG.discard)
