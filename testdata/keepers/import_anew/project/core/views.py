"""Inside the keeper's package, with relative imports: a relative import of the keeper."""
import asyncio

from .context import Context


async def show(context):
    await asyncio.sleep(0.001)


def open_view():
    asyncio.ensure_future(show(Context("view")))
