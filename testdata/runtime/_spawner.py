"""A project's own keeper that takes a coroutine, for `[tool.undangle] keep-with =
{ function = "_spawner:spawn", takes = "coroutine" }`."""

import asyncio

kept = set()


def spawn(coro):
    task = asyncio.ensure_future(coro)
    kept.add(task)
    task.add_done_callback(kept.discard)
