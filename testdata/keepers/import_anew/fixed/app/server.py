"""Imports another module of the keeper's package: a new import of the keeper."""
import asyncio
import logging

from core.async_helpers import run_bg_task
from core.context import Context

log = logging.getLogger(__name__)
DONE = []


async def configured(context):
    await asyncio.sleep(0.001)
    DONE.append(context.name)


def start():
    run_bg_task(configured(Context("server")))
