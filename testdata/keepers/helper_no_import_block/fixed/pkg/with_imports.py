"""Only a docstring above the code."""

from ._background import keep_task
from .code_first import DONE


async def _go():
    import asyncio

    await asyncio.sleep(0.01)
    DONE.append(__name__)


async def run():
    import asyncio

    keep_task(asyncio.create_task(_go()))
