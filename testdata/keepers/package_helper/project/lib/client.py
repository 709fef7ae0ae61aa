"""The package has its helper module already: it is imported, not written again."""
import asyncio

from pkg.work import work


def start():
    asyncio.create_task(work("lib"))
