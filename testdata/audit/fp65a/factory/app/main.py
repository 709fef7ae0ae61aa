import asyncio

from pkg import make_task, spawn_rebound
from pkg.tasks import make_task as direct


async def work() -> None:
    await asyncio.sleep(1)


async def main() -> None:
    make_task(work())
    direct(work())
    spawn_rebound(work())
