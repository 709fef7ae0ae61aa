import asyncio


async def work():
    await asyncio.sleep(1)


def looked_at_before(loop, registry):
    """Near miss: the frame's own read comes before the closure's: what keeps the task after
    is what keeps the closure (unknown, passed)."""
    task = loop.create_task(work())
    assert not task.done()
    registry.append(lambda: task.cancel())


def only_in_closure(loop, registry):
    """Near miss: only the closure reads it (unknown, passed)."""
    task = loop.create_task(work())
    registry.append(lambda: task.cancel())
