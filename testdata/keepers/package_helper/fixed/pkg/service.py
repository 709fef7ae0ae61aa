"""Absolute imports of its own package: the helper's import is absolute too."""
import asyncio

import pkg.work
from pkg._background import keep_task


class Service:
    def start(self):
        keep_task(asyncio.create_task(pkg.work.work("service")))

    def callbacks(self, loop):
        loop.call_soon(
            lambda: keep_task(asyncio.ensure_future(pkg.work.work("callback")))
        )
