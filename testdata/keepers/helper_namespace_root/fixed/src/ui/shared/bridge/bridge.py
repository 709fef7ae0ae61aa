import asyncio

from src.core.bus import emit
from src.ui._background import keep_task


def forward(event: str) -> None:
    keep_task(asyncio.create_task(emit(event)))
