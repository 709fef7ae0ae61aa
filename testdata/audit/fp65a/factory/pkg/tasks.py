import asyncio


def make_task(coro):
    return asyncio.create_task(coro)


def spawn_rebound(coro):
    return asyncio.create_task(coro)
