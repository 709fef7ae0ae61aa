import asyncio


async def work():
    await asyncio.sleep(1)


async def awaited_shield():
    """Near miss: an awaited shield awaits the task."""
    inner = asyncio.create_task(work())
    return await asyncio.shield(inner)


async def awaited_later():
    """Near miss: the shield, bound, is awaited later."""
    inner = asyncio.create_task(work())
    outer = asyncio.shield(inner)
    return await outer
