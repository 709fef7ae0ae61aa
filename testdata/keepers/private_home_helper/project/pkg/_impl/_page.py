import asyncio

from ._util import work


class Page:
    def close(self):
        asyncio.create_task(work("page"))
