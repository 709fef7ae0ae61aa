"""Persistence: the project imports its packages absolutely, and siblings relatively."""

import asyncio

from adapters._background import keep_task
from domain.services import add

from .title import make_title


def deliver(session, text):
    add(session, text)
    keep_task(asyncio.create_task(make_title(session)))
