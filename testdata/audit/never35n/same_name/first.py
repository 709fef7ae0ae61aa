"""Two scripts, each with its own `Listener`: no class of the checked code derives from either."""

import asyncio

from lib import Base


class Listener(Base):
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()

    def connected(self) -> None:
        self.loop.create_task(self.greet())

    async def greet(self) -> None:
        print("first")
