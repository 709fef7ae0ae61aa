import asyncio
from typing import Set

_background_tasks: "Set[asyncio.Task[object]]" = set()


class Protocol(asyncio.BufferedProtocol):
    def __init__(self, conn):
        self._conn = conn

    def connection_lost(self, exc):
        task = self._conn._loop.create_task(self._conn.close_connection(str(exc), reason=None))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)
