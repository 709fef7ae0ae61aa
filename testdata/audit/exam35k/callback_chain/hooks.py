import asyncio
import logging

log = logging.getLogger(__name__)


def _log_task_exception(task, hook, event):
    try:
        task.result()
    except asyncio.CancelledError:
        log.debug("hook %s for %s was cancelled", hook, event)
    except Exception as exc:
        log.error("hook %s failed for %s: %s", hook, event, exc)


async def run_hook(hook):
    await asyncio.sleep(1)


def run_hooks(event, hooks):
    for hook in hooks:
        # The lambda's other parameters keep their defaults: the loop calls it with the task.
        task = asyncio.get_running_loop().create_task(run_hook(hook))
        task.add_done_callback(lambda t, h=hook, e=event: _log_task_exception(t, h, e))


class Chat:
    def __init__(self):
        self.exception = None
        self.listen_task = None

    async def _listen(self):
        await asyncio.sleep(1)

    def start(self):
        self.listen_task = asyncio.get_running_loop().create_task(self._listen())
        self.listen_task.add_done_callback(self._finish)

    def _finish(self, sender):
        # A method of the same object, called with no arguments, reads the task's result
        # through the attribute that holds it.
        try:
            self._task_finished()
        except asyncio.CancelledError:
            pass

    def _task_finished(self):
        try:
            self.listen_task.result()
        except Exception as e:
            self.exception = e


class Quiet:
    def __init__(self):
        self.listen_task = None
        self.other = None

    async def _listen(self):
        await asyncio.sleep(1)

    def start(self):
        self.listen_task = asyncio.get_running_loop().create_task(self._listen())
        self.listen_task.add_done_callback(self._done)

    def _done(self, sender):
        self._cleanup()

    def _cleanup(self):
        # Reads another task's result: nothing of this one.
        if self.other is not None:
            self.other.result()
