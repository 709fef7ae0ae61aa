"""Hands its one task to the keeper: the module it no longer uses is no longer imported."""

import asyncio
from pkg.util import spawn_bg


async def work():
    await asyncio.sleep(0.001)


async def main():
    spawn_bg(work())
