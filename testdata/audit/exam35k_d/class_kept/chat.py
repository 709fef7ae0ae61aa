import asyncio
import logging

log = logging.getLogger(__name__)


class ParseError(Exception):
    pass


class Chat:
    """pytchat's `LiveChatAsync`: one class of exception is kept unlogged."""

    def __init__(self):
        self.exception = None
        self.listen_task = None

    async def _listen(self):
        await asyncio.sleep(1)

    def start(self):
        self.listen_task = asyncio.get_running_loop().create_task(self._listen())
        self.listen_task.add_done_callback(self._finish)

    def _finish(self, sender):
        self._task_finished()

    def _task_finished(self):
        try:
            self.listen_task.result()
        except Exception as e:
            self.exception = e
            if not isinstance(e, ParseError):
                log.error(f"Internal exception - {type(e)}{str(e)}")
        log.info("finished")

    def raise_for_status(self):
        if self.exception is not None:
            raise self.exception


class Logged:
    """Every exception logged in the `except` clause."""

    def __init__(self):
        self.task = None

    async def _run(self):
        await asyncio.sleep(1)

    def start(self):
        self.task = asyncio.get_running_loop().create_task(self._run())
        self.task.add_done_callback(self._done)

    def _done(self, task):
        try:
            task.result()
        except Exception:
            log.exception("run failed")


class After:
    """A log after the `except` clause's block logs none of what it caught."""

    def __init__(self):
        self.task = None

    async def _run(self):
        await asyncio.sleep(1)

    def start(self):
        self.task = asyncio.get_running_loop().create_task(self._run())
        self.task.add_done_callback(self._ended)

    def _ended(self, task):
        try:
            task.result()
        except Exception:
            pass
        log.info("finished")
