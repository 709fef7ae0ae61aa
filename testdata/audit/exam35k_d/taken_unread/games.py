import asyncio
import functools
import logging

log = logging.getLogger(__name__)


async def play(game):
    await asyncio.sleep(1)


class GameManager:
    """BotLi's: the done callback pops a finished game unread; the shutdown awaits the rest."""

    def __init__(self):
        self.tasks = {}

    async def run(self):
        await asyncio.sleep(1)
        for task in list(self.tasks):
            await task

    def _task_callback(self, task):
        game = self.tasks.pop(task)
        log.info("game %s over", game)

    def start_game(self, game):
        task = asyncio.create_task(play(game))
        task.add_done_callback(self._task_callback)
        self.tasks[task] = game


class Workers:
    """The set's own `discard` as the callback: a worker that fails before `stop` is gone."""

    def __init__(self):
        self._tasks = set()

    def spawn(self, job):
        task = asyncio.create_task(play(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class Logged:
    """A callback that reads the outcome before it takes the task out retrieves it."""

    def __init__(self):
        self._tasks = set()

    def spawn(self, job):
        task = asyncio.create_task(play(job))
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task):
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("job failed", exc_info=task.exception())

    async def stop(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def log_failure(message, task):
    if not task.cancelled() and task.exception() is not None:
        log.error(message, exc_info=task.exception())


class Wrapped:
    """redis's `MaintNotifications`: the logging callback is wrapped over lines (as Black
    writes it); it is read as one, and it logs what the set's `discard` drops."""

    def __init__(self):
        self._scheduled = set()

    def schedule(self, job):
        task = asyncio.create_task(play(job))
        self._scheduled.add(task)
        task.add_done_callback(self._scheduled.discard)
        task.add_done_callback(
            functools.partial(
                log_failure,
                "scheduled job failed",
            )
        )

    async def stop(self):
        for task in self._scheduled:
            task.cancel()
        await asyncio.gather(*self._scheduled, return_exceptions=True)
