"""The event loop's module is imported in a block of its own, and the keeper takes its last
use: the import goes, with the blank line after it, as ruff would call it unused."""
import asyncio

from core.context import Context

DONE = []


async def routed(context):
    DONE.append(await context.wait())


def route():
    asyncio.create_task(routed(Context("route")))
