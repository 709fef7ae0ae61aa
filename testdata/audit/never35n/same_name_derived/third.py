"""A third `Listener`, and a class derived from that name: which one it derives from is not read."""

import asyncio

from lib import Base


class Listener(Base):
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()

    def connected(self) -> None:
        self.loop.create_task(self.wave())

    async def wave(self) -> None:
        print("third")


class Loud(Listener):
    pass
