"""centrifuge-python's subscription: coroutines whose one await runs a method, on `self` or on
an attribute whose annotation names a class of this file, that never suspends."""

import asyncio
from typing import Optional


class Client:
    def __init__(self) -> None:
        self._loop = asyncio.get_event_loop()
        self._subs = {}

    async def _resubscribe(self, sub: "Subscription") -> None:
        # No `await`: it stores the subscription and starts the subscribe, which it drops.
        self._subs[sub.channel] = sub
        asyncio.ensure_future(self._subscribe(sub.channel))

    async def _subscribe(self, channel: str) -> None:
        await asyncio.sleep(1)

    async def _send(self, data: bytes) -> None:
        await asyncio.sleep(1)


class Subscription:
    def __init__(self, client: Client, channel: str) -> None:
        self._client: Optional[Client] = client
        self._other = make_other()
        self.channel = channel
        self._timer = None

    def _schedule_resubscribe(self) -> None:
        # Unknown, silent with --preview: `_resubscribe` only awaits `Client._resubscribe`,
        # which never suspends.
        self._timer = self._client._loop.call_later(
            1.0,
            lambda: asyncio.ensure_future(self._resubscribe()),
        )

    async def _resubscribe(self) -> None:
        if self.channel is None:
            return
        await self._client._resubscribe(self)

    def _again(self) -> None:
        # Unknown, silent: `_twice` awaits `self._resubscribe()`, which awaits
        # `Client._resubscribe`: two awaits deep.
        asyncio.ensure_future(self._twice())

    async def _twice(self) -> None:
        await self._resubscribe()

    def _flush(self) -> None:
        # Dropped: `_send_all` awaits `Client._send`, which waits on a timer.
        asyncio.ensure_future(self._send_all())

    async def _send_all(self) -> None:
        await self._client._send(b"x")

    def _elsewhere(self) -> None:
        # Dropped: nothing says what `self._other` is.
        asyncio.ensure_future(self._ask_other())

    async def _ask_other(self) -> None:
        await self._other._resubscribe(self)

    def _loop_forever(self) -> None:
        # Dropped: `_ping` and `_pong` await each other, which may never end.
        asyncio.ensure_future(self._ping())

    async def _ping(self) -> None:
        await self._pong()

    async def _pong(self) -> None:
        await self._ping()


def make_other():
    return object()
