"""A package that imports its own modules relatively and `subprocess` by the standard
library's name (asyncio's `base_subprocess.py`)."""

import asyncio
import subprocess

from .log import logger


async def _connect(proc: subprocess.Popen):
    await asyncio.sleep(1)
    logger.info("connected %s", proc)


def connect(proc: subprocess.Popen):
    asyncio.create_task(_connect(proc))
