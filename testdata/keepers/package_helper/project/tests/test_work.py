"""A test of the package: it imports the package's helper, absolutely, though its own imports
are relative too."""
import asyncio

from pkg.work import work

from . import test_start


async def test_work():
    asyncio.create_task(work("test"))
    assert test_start
