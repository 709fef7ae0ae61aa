"""A synchronous connector that runs its coroutines on a loop in another thread."""
import asyncio
from time import monotonic, sleep
from typing import Any, Tuple


class Connector:
    def __init__(self, loop):
        self.loop = loop

    def get_device_by_name(self, name):
        task = self.loop.create_task(self.lookup(name))
        completed, device = self.__wait_task_with_timeout(task=task, timeout=10)
        if not completed:
            return None
        return device

    def read_now(self, name):
        task = self.loop.create_task(self.lookup(name))
        return self.__wait_forever(task)

    def peek(self, name):
        # Reads the outcome without waiting for it to be done: proves nothing.
        task = self.loop.create_task(self.lookup(name))
        return self.__result(task)

    def started(self, name):
        # Waits for it, but never reads its outcome: proves nothing.
        task = self.loop.create_task(self.lookup(name))
        return self.__ran(task)

    async def lookup(self, name):
        await asyncio.sleep(0.1)
        return name

    @staticmethod
    def __wait_task_with_timeout(task: asyncio.Task, timeout: float, poll_interval: float = 0.2) -> Tuple[bool, Any]:
        start_time = monotonic()
        while not task.done():
            sleep(poll_interval)
            if monotonic() - start_time >= timeout:
                task.cancel()
                return False, None
        return True, task.result()

    def __wait_forever(self, task):
        while not task.done():
            sleep(0.1)
        return task.result()

    @staticmethod
    def __result(task):
        return task.result()

    @staticmethod
    def __ran(task):
        while not task.done():
            sleep(0.1)
        return True

    def stoppable(self, name):
        # The poll also ends when the connector stops, with the task pending: proves nothing.
        task = self.loop.create_task(self.lookup(name))
        return self.__wait_unless_stopped(task)

    def __wait_unless_stopped(self, task):
        while not task.done() and not self.loop.is_closed():
            sleep(0.1)
        return task.result()
