import asyncio

from onyx.utils.logger import setup_logger

logger = setup_logger()


async def publish(event: str) -> None:
    await asyncio.sleep(1)
    logger.info(event)


async def emit(event: str) -> None:
    asyncio.create_task(publish(event))
