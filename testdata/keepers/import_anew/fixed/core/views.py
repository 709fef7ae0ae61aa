"""Inside the keeper's package, with relative imports: a relative import of the keeper."""
import asyncio

from .async_helpers import run_bg_task
from .context import Context


async def show(context):
    await asyncio.sleep(0.001)


def open_view():
    run_bg_task(show(Context("view")))
