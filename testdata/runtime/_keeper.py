"""A project's own keeper, for `[tool.undangle] keep-with = "_keeper:spawn"`."""

kept = set()


def spawn(task):
    kept.add(task)
    task.add_done_callback(kept.discard)
