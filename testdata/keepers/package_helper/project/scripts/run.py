"""A script, in no package: it keeps its own helper."""
import asyncio


async def work():
    await asyncio.sleep(0.001)


async def main():
    asyncio.create_task(work())
