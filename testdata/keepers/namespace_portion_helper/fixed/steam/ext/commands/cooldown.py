from __future__ import annotations

import asyncio

from ..._background import keep_task
from ...enums import IntEnum
from ...models import DONE


class Bucket(IntEnum):
    """A cooldown's bucket."""


async def _reset() -> None:
    await asyncio.sleep(0.001)
    DONE.append("cooldown")


def start() -> None:
    keep_task(asyncio.create_task(_reset()))
