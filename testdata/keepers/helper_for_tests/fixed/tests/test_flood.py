import asyncio

from alone.flood import wait

_background_tasks: set[asyncio.Task[object]] = set()


async def test_wait() -> None:
    event = asyncio.Event()

    async def signal_soon() -> None:
        await asyncio.sleep(0.01)
        event.set()

    task = asyncio.create_task(signal_soon())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    assert await asyncio.wait_for(wait(event), timeout=1.0)
