import asyncio

import app.state


async def initialize_housekeeping_tasks() -> None:
    loop = asyncio.get_running_loop()
    app.state.sessions.housekeeping_tasks.update(
        {loop.create_task(task) for task in (_ping(1), _ping(2))},
    )


async def _ping(interval: int) -> None:
    while True:
        await asyncio.sleep(interval)


async def start_pending() -> None:
    app.state.other.pending.append(asyncio.create_task(_ping(3)))
