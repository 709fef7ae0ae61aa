"""The package has its helper module already: it is imported, not written again."""
import asyncio

from pkg.work import work

from ._background import keep_task


def start():
    keep_task(asyncio.create_task(work("lib")))
