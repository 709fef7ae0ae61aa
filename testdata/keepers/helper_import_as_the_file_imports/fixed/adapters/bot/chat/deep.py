"""A module whose own relative imports reach the package's top."""

import asyncio

from ..._background import keep_task
from ...core import LIMIT
from .title import make_title


def retitle(session):
    for _ in range(LIMIT):
        keep_task(asyncio.create_task(make_title(session)))
