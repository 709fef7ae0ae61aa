"""vibora's connection pool: `release` puts a connection back or closes it, with no `await`."""

import asyncio


class Pool:
    def __init__(self):
        self.free = []

    async def release(self, connection, keep_alive=True):
        """Put the connection back, or close it."""
        if keep_alive:
            self.free.append(connection)
        else:
            connection.close()


class QuietWriter:
    async def flush(self):
        self.flushed = True


class LoudWriter:
    async def flush(self):
        await asyncio.sleep(1)


class Hooks:
    async def on_done(self, response):
        """Filled by subclasses elsewhere."""
        pass


class NodePool:
    @classmethod
    async def create_node(
        cls,
        *,
        host: str,
    ) -> "NodePool":
        """Connect a node."""
        await asyncio.sleep(1)
        return cls()
