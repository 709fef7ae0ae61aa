import asyncio


class Protocol(asyncio.BufferedProtocol):
    def __init__(self, conn):
        self._conn = conn

    def connection_lost(self, exc):
        self._conn._loop.create_task(self._conn.close_connection(str(exc), reason=None))
