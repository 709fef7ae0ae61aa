"""Reindex every connector once."""
import asyncio
from typing import Any
from typing import cast

from onyx.utils.logger import setup_logger

logger = setup_logger()


async def reindex(source: Any) -> None:
    await asyncio.sleep(1)
    logger.info(cast(str, source))


async def main() -> None:
    asyncio.create_task(reindex("all"))
    await asyncio.sleep(2)


if __name__ == "__main__":
    asyncio.run(main())
