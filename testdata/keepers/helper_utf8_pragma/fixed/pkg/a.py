# -*- coding: utf-8 -*-
"""Module a."""

import asyncio

from ._background import keep_task


async def work() -> None:
    await asyncio.sleep(1)


def go() -> None:
    keep_task(asyncio.create_task(work()))
