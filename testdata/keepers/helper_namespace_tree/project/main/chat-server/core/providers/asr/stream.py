import asyncio
from core.utils.util import send


class Stream:
    def __init__(self, conn) -> None:
        self.conn = conn

    def stop(self) -> None:
        asyncio.create_task(send(self.conn, "bye"))
