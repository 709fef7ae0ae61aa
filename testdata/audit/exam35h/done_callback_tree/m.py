import asyncio
import functools
import logging

log = logging.getLogger(__name__)


async def work():
    await asyncio.sleep(1)


async def handle(value):
    await asyncio.sleep(1)


def report(key, task):
    if task.exception():
        log.error("%s failed", key, exc_info=task.exception())


def multi_line_lambda():
    # The lambda's body goes on past its first line, where it reads the result: retrieved.
    asyncio.ensure_future(work()).add_done_callback(
        lambda t: print(
            t.result()
        )
    )


def through_partial(key):
    # `functools.partial(report, key)` calls `report(key, task)`, which logs the exception.
    asyncio.ensure_future(work()).add_done_callback(functools.partial(report, key))


def callback_of_another_future(fut, loop):
    # The lambda makes the task: `f.result()` is the outcome of `fut`, not of the new task.
    fut.add_done_callback(lambda f: loop.create_task(handle(f.result())))


def callback_given_the_task(fut):
    # A callback registered on another future, given the task as an argument: not the task's.
    fut.add_done_callback(functools.partial(report, asyncio.ensure_future(work())))
