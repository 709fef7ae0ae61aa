import asyncio


def relay(fut):
    asyncio.ensure_future(fut)
