# License: MIT
# Copyright © 2024 Corp Ltd

"""Jobs."""

from __future__ import annotations

import asyncio

from .._background import keep_task

DONE: list[str] = []


async def job() -> None:
    await asyncio.sleep(0.001)
    DONE.append("job")


def start() -> None:
    keep_task(asyncio.create_task(job()))
