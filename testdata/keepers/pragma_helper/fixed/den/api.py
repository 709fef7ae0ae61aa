#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""The telnet API."""

import asyncio

from ._background import keep_task
from .const import VOLUME

DONE = []


async def _run_callbacks(event: str) -> None:
    await asyncio.sleep(0.001)
    DONE.append((event, VOLUME))


def on_event(event: str) -> None:
    keep_task(asyncio.create_task(_run_callbacks(event)))
