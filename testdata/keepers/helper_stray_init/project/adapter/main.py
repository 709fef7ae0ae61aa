import asyncio

from src.logger import logger
from src.recv_handler.discord_client import DiscordClient


async def main() -> None:
    client = DiscordClient()
    logger.info("starting")
    await client.force_reconnect()


if __name__ == "__main__":
    asyncio.run(main())
