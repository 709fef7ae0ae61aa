import asyncio

from pkg._impl._page import Page
from pkg._impl._util import work


def start():
    asyncio.ensure_future(work("api"))
    return Page()
