"""A star import names nothing the index resolves."""

import asyncio

from app.events import *  # noqa: F403


def run(message):
    asyncio.create_task(notify(message))  # noqa: F405
