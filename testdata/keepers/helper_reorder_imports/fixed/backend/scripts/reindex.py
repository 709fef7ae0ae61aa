"""Reindex every connector once."""
import asyncio
from typing import Any
from typing import cast

from onyx.utils.logger import setup_logger

_background_tasks: set[asyncio.Task[object]] = set()

logger = setup_logger()


async def reindex(source: Any) -> None:
    await asyncio.sleep(1)
    logger.info(cast(str, source))


async def main() -> None:
    task = asyncio.create_task(reindex("all"))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    await asyncio.sleep(2)


if __name__ == "__main__":
    asyncio.run(main())
