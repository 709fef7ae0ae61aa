"""An import inside a function binds `asyncio` (in that scope): read as asyncio's, as before."""


def setup():
    import asyncio

    return asyncio


async def start(work):
    asyncio.create_task(work())
