import asyncio
from core._background import keep_task
from core.utils.util import send


class Stream:
    def __init__(self, conn) -> None:
        self.conn = conn

    def stop(self) -> None:
        keep_task(asyncio.create_task(send(self.conn, "bye")))
