def done_task_callback(logger, task):
    """helper function used as a done callback"""
    e = task.exception()
    if e is not None:
        logger.exception("Error while running callback", exc_info=e)


def done_quietly(task):
    # Reads nothing of the task's outcome.
    print("done", task.get_name())
