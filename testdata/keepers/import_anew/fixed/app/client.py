"""Imports the keeper's module already: the keeper's name joins that import."""
from core.async_helpers import (
    run_bg_task,
    run_in_thread,
    )

DONE = []


async def refresh(name):
    await run_in_thread(DONE.append, name)


class Client:
    def restart(self):
        run_bg_task(refresh("restart"))

    def crash(self):
        run_bg_task(refresh("crash"), name="crash")
