"""The project's handlers: each keeps the task it is handed until it is done."""

_TASKS = set()


def track(task):
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


def track_rebound(task):
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


def track_hidden(task):
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
