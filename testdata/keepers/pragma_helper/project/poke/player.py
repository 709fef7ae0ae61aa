# -*- coding: utf-8 -*-
# This module defines a base class for players.
import asyncio

DONE = []


async def _listen() -> None:
    await asyncio.sleep(0.001)
    DONE.append("listen")


def start() -> None:
    asyncio.ensure_future(_listen())
