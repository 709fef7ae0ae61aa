"""A `WeakKeyDictionary` holds its keys weakly (livekit's task-tagging factory): a task stored
as its key and returned is the caller's, `returned`, never kept by that mapping."""

import asyncio
import weakref

_owner_by_task = weakref.WeakKeyDictionary()


def tagging_factory(loop, coro, owner):
    task = asyncio.Task(coro, loop=loop)
    _owner_by_task[task] = owner
    return task
