import asyncio

tracked = []


def task_ended(future):
    future.result()


def register(task):
    tracked.append(task)


def start_task(coroutine_function, *args):
    # `task` is a task on every path that reaches `ensure_future`, which returns it as it is:
    # no second task is made, and the one there is, is kept and returned.
    loop = asyncio.get_event_loop()
    if asyncio.iscoroutinefunction(coroutine_function):
        task = loop.create_task(coroutine_function(*args))
    elif asyncio.iscoroutine(coroutine_function):
        task = loop.create_task(coroutine_function)
    else:
        raise RuntimeError("coroutine function must be supplied")
    asyncio.ensure_future(task).add_done_callback(task_ended)
    register(task)
    return task


async def work():
    await asyncio.sleep(1)


def start_either(coroutine, wrap):
    # On the other path `task` is the coroutine itself: `ensure_future` makes a task of it.
    if wrap:
        task = asyncio.create_task(coroutine)
    else:
        task = coroutine
    asyncio.ensure_future(task).add_done_callback(task_ended)


def start_parameter(task):
    # A parameter may be a coroutine: a task is made here.
    asyncio.ensure_future(task).add_done_callback(task_ended)


def start_nested():
    # The nested function's `task` is another variable: this one is a global, unknown here.
    def inner():
        task = asyncio.create_task(work())
        return task

    asyncio.ensure_future(task).add_done_callback(task_ended)
    return inner


def start_lost():
    # `ensure_future` returns the task itself, whose one use is a done callback: the task is
    # lost with the frame, as `task.add_done_callback(task_ended)` alone loses it.
    task = asyncio.create_task(work())
    asyncio.ensure_future(task).add_done_callback(task_ended)


async def start_awaited():
    task = asyncio.create_task(work())
    await asyncio.ensure_future(task)
