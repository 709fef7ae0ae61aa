# -*- coding: utf-8 -*-
"""Module a."""

import asyncio


async def work() -> None:
    await asyncio.sleep(1)


def go() -> None:
    asyncio.create_task(work())
