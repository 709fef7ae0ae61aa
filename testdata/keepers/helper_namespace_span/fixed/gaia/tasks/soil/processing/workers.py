import asyncio

from ..utils import refresh
from ._background import keep_task


async def run_region(region: str) -> None:
    keep_task(asyncio.create_task(refresh(region)))
