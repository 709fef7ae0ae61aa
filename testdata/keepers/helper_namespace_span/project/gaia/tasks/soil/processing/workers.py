import asyncio

from ..utils import refresh


async def run_region(region: str) -> None:
    asyncio.create_task(refresh(region))
