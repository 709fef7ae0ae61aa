DONE = []


async def _go():
    import asyncio

    await asyncio.sleep(0.01)
    DONE.append(__name__)


async def run():
    import asyncio

    asyncio.create_task(_go())
