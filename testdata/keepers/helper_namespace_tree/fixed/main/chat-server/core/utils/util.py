import asyncio


async def send(conn, message: str) -> None:
    await asyncio.sleep(0)
