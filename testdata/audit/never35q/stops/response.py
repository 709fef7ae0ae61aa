"""vibora's `Response.on_message_complete`: the task's coroutine awaits a method of an object
whose class nothing here says (`self._connection.pool`), and every such method of the checked
code never suspends: the proof stops there, the site is unknown, and `check` is silent for a
creator ruff does not see. Where ruff sees it, or the method may suspend, the drop stays."""

import asyncio


class Response:
    def __init__(self, connection):
        self._connection = connection

    def on_message_complete(self):
        # Unknown, silent: `release` is the checked code's only one, with no `await`.
        self._connection.loop.create_task(self._release_connection())

    async def _release_connection(self):
        await self._connection.pool.release(self._connection, True)

    def released_by_asyncio(self):
        # Dropped: RUF006 reports it, and the proof does not hold.
        asyncio.create_task(self._release_connection())

    def read_later(self):
        # Dropped: no `read` of the checked code, a library's may suspend.
        self._connection.loop.create_task(self._read())

    async def _read(self):
        await self._connection.reader.read(10)

    def flush_later(self):
        # Dropped: one `flush` of the checked code waits on a timer.
        self._connection.loop.create_task(self._flush())

    async def _flush(self):
        await self._connection.writer.flush()

    def hook_later(self):
        # Dropped: the only `on_done` is a stub for subclasses elsewhere to fill.
        self._connection.loop.create_task(self._hook())

    async def _hook(self):
        await self._connection.hooks.on_done(self)

    def start_nodes_later(self):
        # Dropped: `create_node` waits on a timer, below a header on several lines.
        self._connection.loop.create_task(self._start_nodes())

    async def _start_nodes(self):
        await self._connection.nodes.create_node(host="h")
