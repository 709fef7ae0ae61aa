from typing import Any
from unittest import mock

import lib

from stream import Poller


class Channel:
    def __init__(self):
        # A library's client: nothing shows it to be a `StreamClient`.
        self._client: "lib.Client | None" = None

    async def run(self, token):
        # Its annotation names a library's class, which no class of the checked code derives
        # from along with `StreamClient`: another class's `start`.
        await self._client.start(token)


class Middleware:
    def __init__(self):
        self._app: Any | None = None

    async def open(self):
        # Typed `Any`: not shown to be a `StreamClient`.
        await self._app.start()


async def serve(app: Any, client):
    # Typed `Any`, and untyped: not shown to be a `StreamClient` either.
    await app.start()
    await client.start()


async def restart(poller: Poller):
    # Shown to be a `Poller`, and it may be running: the hazard holds.
    await poller.start()


class Scheduler:
    def __init__(self):
        self._poller: Poller | None = None

    async def tick(self):
        # The attribute is declared a `Poller`: a call of `Poller.start`, each tick.
        await self._poller.start()


class Patched:
    async def begin(self):
        # What a function returns (`mock.patch` is no class of the checked code): not shown to
        # be a `StreamClient`.
        self.patcher = mock.patch("lib.thing")
        await self.patcher.start()
