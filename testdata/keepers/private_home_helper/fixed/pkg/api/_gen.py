import asyncio

from pkg._impl._background import keep_task
from pkg._impl._page import Page
from pkg._impl._util import work


def start():
    keep_task(asyncio.ensure_future(work("api")))
    return Page()
