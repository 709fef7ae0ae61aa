from __future__ import annotations

from typing import Any

from pkg import tasks
from pkg.tasks import create_task


class Chat:
    def __init__(self, state: Any) -> None:
        self._state = state

    def store(self, key: str, value: Any) -> None:
        task = create_task(self._state.set(key, value))
        if task is not None:
            task.add_done_callback(lambda t: None if t.cancelled() else t.exception())

    def forget(self, key: str) -> None:
        task = tasks.create_task(self._state.delete(key))
        if task is not None:
            task.add_done_callback(lambda t: None if t.cancelled() else t.exception())
