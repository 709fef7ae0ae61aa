import asyncio


class Node:
    async def run(self) -> None:
        loop = asyncio.get_event_loop()
        loop.call_later(1.0, print, "tick")


class Loud:
    async def run(self) -> None:
        await asyncio.sleep(1)


class Rebound:
    async def run(self) -> None:
        print("rebound")
