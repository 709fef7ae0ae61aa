"""centrifuge-python's client: coroutines with no `await`, reached through a parameter, a local
and an attribute whose annotations name a class of this file."""

import asyncio
from typing import Dict, Optional

from elsewhere import make_subscription


class Client:
    def __init__(self) -> None:
        self._subs: Dict[str, "Subscription"] = {}

    async def _resubscribe(self, sub: "Subscription") -> None:
        self._subs[sub.channel] = sub
        print("resubscribing", sub.channel)

    async def _load_state(self, sub: "Subscription") -> bool:
        # Kept: `sub` is a `Subscription`, whose `_schedule` never suspends.
        asyncio.ensure_future(sub._schedule())
        return False

    async def _refresh(self, channel: str) -> None:
        # Kept: the local is made of the class.
        sub = Subscription(self, channel)
        asyncio.ensure_future(sub._schedule())

    async def _sub_refresh(self, channel: str) -> None:
        # Kept: the local takes a value of `self._subs`, a `Dict[str, "Subscription"]`.
        sub = self._subs.get(channel)
        if sub is None:
            return
        asyncio.ensure_future(sub._schedule())

    async def _any_refresh(self, channel: str) -> None:
        # Dropped: the local is bound again to something else.
        sub = self._subs.get(channel)
        if sub is None:
            sub = make_subscription(channel)
        asyncio.ensure_future(sub._schedule())

    async def _flush(self, sub: "Subscription") -> None:
        # Dropped: `_send` awaits a timer.
        asyncio.ensure_future(sub._send())

    async def _other(self, sub) -> None:
        # Dropped: nothing says what `sub` is.
        asyncio.ensure_future(sub._schedule())


class Subscription:
    def __init__(self, client: Client, channel: str) -> None:
        self._client: Optional[Client] = client
        self.channel = channel

    async def _schedule(self) -> None:
        print("resubscribe later", self.channel)

    async def _send(self) -> None:
        await asyncio.sleep(1)

    async def _resubscribe(self) -> None:
        await asyncio.sleep(1)

    async def _move(self) -> None:
        # Kept: `self._client` is a `Client`, whose `_resubscribe` never suspends; this class's
        # own `_resubscribe`, which suspends, is no `Client`'s.
        asyncio.ensure_future(self._client._resubscribe(self))
