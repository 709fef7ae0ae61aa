from asyncio import Task, get_event_loop, sleep
from typing import Set, TypeVar

from alembic import context

_background_tasks: "Set[Task[object]]" = set()
_TaskT = TypeVar("_TaskT", bound="Task[object]")


def _keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


config = context.config


async def run_migrations_online():
    await sleep(1)


loop = get_event_loop()
if loop.is_running():
    _keep_task(loop.create_task(run_migrations_online()))
else:
    loop.run_until_complete(run_migrations_online())
