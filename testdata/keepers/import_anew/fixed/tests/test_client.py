import asyncio

from core.context import Context

_background_tasks: "set[asyncio.Task[object]]" = set()


async def ping():
    await asyncio.sleep(0.001)


def test_poke():
    task = asyncio.create_task(ping())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    assert Context("t")
