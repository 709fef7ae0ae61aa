import asyncio


async def make_title(session):
    await asyncio.sleep(1)
    return session
