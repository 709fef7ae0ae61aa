import asyncio
import weakref

_TASKS = set()
_SEEN = weakref.WeakSet()


def track(task):
    """Keeps the task until it is done."""
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


def track_later(name, task):
    """Passes the task on to `track`, one level."""
    print(name)
    track(task)


def remember(task):
    """Keeps only a weak reference."""
    _SEEN.add(task)


def log_when_done(task):
    """Keeps no reference at all."""
    task.add_done_callback(print)


async def finish(task, *, timeout=None):
    """Awaits the task."""
    await asyncio.wait_for(task, timeout)


def maybe_track(task, now):
    """Keeps the task on some paths only: proves nothing."""
    if now:
        _TASKS.add(task)
