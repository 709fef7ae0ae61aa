import asyncio

from .config import INTERVAL
from .core.client import Client


def main() -> None:
    asyncio.run(Client().close(INTERVAL))
