import asyncio
from core.gone.helpers import tick


def start() -> None:
    asyncio.create_task(tick())
