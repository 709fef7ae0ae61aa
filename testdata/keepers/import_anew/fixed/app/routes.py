"""The event loop's module is imported in a block of its own, and the keeper takes its last
use: the import goes, with the blank line after it, as ruff would call it unused."""
from core.async_helpers import run_bg_task
from core.context import Context

DONE = []


async def routed(context):
    DONE.append(await context.wait())


def route():
    run_bg_task(routed(Context("route")))
