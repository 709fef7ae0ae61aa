"""Imports its sibling relatively, one dot."""

import asyncio

from ._background import keep_task
from .title import make_title


def deliver(session):
    keep_task(asyncio.create_task(make_title(session)))
