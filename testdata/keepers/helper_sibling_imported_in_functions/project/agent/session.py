import asyncio

from agent.state import BEATS


async def heartbeat(name: str) -> None:
    await asyncio.sleep(0.01)
    BEATS.append(name)


async def run(name: str) -> None:
    asyncio.create_task(heartbeat(name))
    await asyncio.sleep(0)
