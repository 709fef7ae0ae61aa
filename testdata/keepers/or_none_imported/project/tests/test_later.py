import asyncio

from pkg.later import schedule


async def test_schedule() -> None:
    task = schedule(asyncio.sleep(0))
    if task is not None:
        task.add_done_callback(lambda t: None)
