# -*- coding: utf-8 -*-
# This module defines a base class for players.
import asyncio

from ._background import keep_task

DONE = []


async def _listen() -> None:
    await asyncio.sleep(0.001)
    DONE.append("listen")


def start() -> None:
    keep_task(asyncio.ensure_future(_listen()))
