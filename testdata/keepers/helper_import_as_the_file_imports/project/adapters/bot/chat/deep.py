"""A module whose own relative imports reach the package's top."""

import asyncio

from ...core import LIMIT
from .title import make_title


def retitle(session):
    for _ in range(LIMIT):
        asyncio.create_task(make_title(session))
