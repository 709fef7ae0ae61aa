import asyncio


class Plain(asyncio.TaskGroup):
    """Near miss: a plain `create_task`: awaiting what it returns awaits the task."""

    def create_task(self, coro):
        return super().create_task(coro)


async def fetch(i):
    await asyncio.sleep(i)


async def plain():
    async with Plain() as tg:
        await tg.create_task(fetch(1))


async def standard():
    """Near miss: asyncio's own group: the function awaits the task."""
    async with asyncio.TaskGroup() as tg:
        await tg.create_task(fetch(2))
