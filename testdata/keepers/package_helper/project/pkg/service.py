"""Absolute imports of its own package: the helper's import is absolute too."""
import asyncio

import pkg.work


class Service:
    def start(self):
        asyncio.create_task(pkg.work.work("service"))

    def callbacks(self, loop):
        loop.call_soon(lambda: asyncio.ensure_future(pkg.work.work("callback")))
