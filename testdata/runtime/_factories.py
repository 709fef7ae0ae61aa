"""Task factories in a module of their own: `factory_result.py` imports one and drops its task."""

import asyncio


def start_job(coro):
    return asyncio.create_task(coro)
