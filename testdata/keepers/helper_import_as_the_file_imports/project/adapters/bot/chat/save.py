"""Persistence: the project imports its packages absolutely, and siblings relatively."""

import asyncio

from domain.services import add

from .title import make_title


def deliver(session, text):
    add(session, text)
    asyncio.create_task(make_title(session))
