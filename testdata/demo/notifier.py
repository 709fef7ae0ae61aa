"""A small notification service with the usual fire-and-forget mistakes."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str] = asyncio.Queue()

    def start(self) -> None:
        # Runs forever, but nothing keeps the task alive.
        self._loop.create_task(self._drain())

    async def _drain(self) -> None:
        while True:
            message = await self._queue.get()
            log.info("sending %s", message)

    def notify(self, message: str) -> None:
        asyncio.create_task(self._queue.put(message)).add_done_callback(
            lambda _: log.debug("queued %s", message)
        )


async def broadcast(notifier: Notifier, users: list[str]) -> None:
    [asyncio.ensure_future(send(notifier, user)) for user in users]


async def send(notifier: Notifier, user: str) -> None:
    notifier.notify(f"hello {user}")
    async with asyncio.TaskGroup() as tg:
        tg.create_task(asyncio.sleep(0))  # a TaskGroup keeps its tasks: left alone
