"""The high-level module, built on `core`."""

import asyncio

import core as low
from core import Connection


class Bus:
    def __init__(self, connection: Connection):
        self.connection = connection

    def notify(self):
        self.connection.loop.create_task(low.work())

    def later(self):
        loop = asyncio.get_running_loop()
        loop.call_later(1, lambda: asyncio.ensure_future(low.work()))
