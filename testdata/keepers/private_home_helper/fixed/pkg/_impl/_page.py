import asyncio

from ._background import keep_task
from ._util import work


class Page:
    def close(self):
        keep_task(asyncio.create_task(work("page")))
