DONE = []


async def run():
    import asyncio

    await asyncio.sleep(0)
