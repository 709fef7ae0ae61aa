import asyncio

from src.core.bus import emit


def forward(event: str) -> None:
    asyncio.create_task(emit(event))
