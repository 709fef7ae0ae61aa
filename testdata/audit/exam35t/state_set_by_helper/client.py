import asyncio


class Client:
    """`start` runs `start_io` once per state, which it sets through `_set_state` (esbonio)."""

    def __init__(self):
        self.state = None
        self._forwarder = None

    async def start_io(self):
        await asyncio.sleep(0)
        self._forwarder = asyncio.create_task(self._forward())

    async def _forward(self):
        await asyncio.sleep(1)

    async def start(self):
        if self.state not in {None, "restarting"}:
            return self
        try:
            self._set_state("starting")
            await self.start_io()
            self._set_state("running")
        except Exception:
            self._set_state("errored")
        return self

    def _set_state(self, state):
        old, self.state = self.state, state
        print(old, state)

    async def stop(self):
        if self._forwarder:
            self._forwarder.cancel()


class Inline:
    """The same guard with the state set in `start` itself."""

    def __init__(self):
        self._active = False
        self._forwarder = None

    async def start_io(self):
        self._forwarder = asyncio.create_task(self._forward())

    async def _forward(self):
        await asyncio.sleep(1)

    async def start(self):
        if self._active:
            return
        self._active = True
        await self.start_io()

    async def stop(self):
        if self._forwarder:
            self._forwarder.cancel()


class Partial:
    """Near miss: `_set_state` returns before it sets the state on one path."""

    def __init__(self):
        self.state = None
        self._forwarder = None

    async def start_io(self):
        self._forwarder = asyncio.create_task(self._forward())

    async def _forward(self):
        await asyncio.sleep(1)

    async def start(self):
        if self.state is not None:
            return self
        self._set_state("starting")
        await self.start_io()
        return self

    def _set_state(self, state):
        if state == "starting" and self.quiet:
            return
        self.state = state

    async def stop(self):
        if self._forwarder:
            self._forwarder.cancel()


class Twice:
    """Near miss: the guarded function runs the method twice."""

    def __init__(self):
        self._active = False
        self._forwarder = None

    async def start_io(self):
        self._forwarder = asyncio.create_task(self._forward())

    async def _forward(self):
        await asyncio.sleep(1)

    async def start(self):
        if self._active:
            return
        self._active = True
        for _ in range(2):
            await self.start_io()

    async def stop(self):
        if self._forwarder:
            self._forwarder.cancel()


class Ready:
    """Near miss: the state it sets is the one its test lets through (`not self._ready`, then
    `True`): a second run passes the test again."""

    def __init__(self):
        self._ready = False
        self._forwarder = None

    async def start_io(self):
        self._forwarder = asyncio.create_task(self._forward())

    async def _forward(self):
        await asyncio.sleep(1)

    async def start(self):
        if not self._ready:
            return
        self._ready = True
        await self.start_io()

    async def stop(self):
        if self._forwarder:
            self._forwarder.cancel()
