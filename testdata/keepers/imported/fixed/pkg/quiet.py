"""Hands its one task to the keeper: the module it no longer uses is no longer imported."""

from pkg.util import spawn_bg


async def work():
    return None


async def main():
    spawn_bg(work())
