import asyncio

from . import system


async def _saver_worker():
    while system.Dynamic.RUN_SAVER:
        await asyncio.sleep(60)


async def toggle(message):
    """Called again, it cancels the task it started before."""
    if system.Dynamic.RUN_SAVER:
        if isinstance(system.Dynamic.RUN_SAVER, asyncio.Task):
            system.Dynamic.RUN_SAVER.cancel()
        system.Dynamic.RUN_SAVER = False
        return
    system.Dynamic.RUN_SAVER = asyncio.get_event_loop().create_task(_saver_worker())


async def start_other(message):
    """Nothing here cancels this one."""
    system.Dynamic.RUN_OTHER = asyncio.get_event_loop().create_task(_saver_worker())
