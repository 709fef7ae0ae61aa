from __future__ import annotations

import asyncio

DONE: list[str] = []


async def _poll(name: str) -> None:
    await asyncio.sleep(0.001)
    DONE.append(name)


def start() -> None:
    asyncio.create_task(_poll("models"))
