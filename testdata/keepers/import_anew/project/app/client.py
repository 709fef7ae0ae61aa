"""Imports the keeper's module already: the keeper's name joins that import."""
import asyncio

from core.async_helpers import (
    run_in_thread,
    )

DONE = []


async def refresh(name):
    await run_in_thread(DONE.append, name)


class Client:
    def restart(self):
        asyncio.create_task(refresh("restart"))

    def crash(self):
        asyncio.create_task(refresh("crash"), name="crash")
