"""The service's task factory."""

import asyncio


def spawn(coro):
    return asyncio.create_task(coro)
