"""Imports its sibling relatively, one dot."""

import asyncio

from .title import make_title


def deliver(session):
    asyncio.create_task(make_title(session))
