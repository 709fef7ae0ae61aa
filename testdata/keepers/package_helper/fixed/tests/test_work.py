"""A test of the package: it imports the package's helper, absolutely, though its own imports
are relative too."""
import asyncio

from pkg._background import keep_task
from pkg.work import work

from . import test_start


async def test_work():
    keep_task(asyncio.create_task(work("test")))
    assert test_start
