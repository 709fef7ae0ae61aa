import asyncio


class Wrapped:
    """The helper's header spans lines as black writes it: its `):` at the `def`'s indentation."""

    def __init__(self):
        self._task = None

    async def check_idle(
        self,
    ) -> None:
        if self._task is not None and not self._task.done():
            raise RuntimeError("already running")

    async def start(self):
        await self.check_idle()
        self._task = asyncio.create_task(asyncio.sleep(1))

    async def stop(self):
        self._task.cancel()


class OneLine:
    def __init__(self):
        self._pump = None

    def check_idle(self): assert self._pump is None or self._pump.done()

    def start(self):
        self.check_idle()
        self._pump = asyncio.create_task(asyncio.sleep(1))

    async def stop(self):
        self._pump.cancel()


class Twice:
    """Two `def check_idle`: which one runs is not read, so the hazard stays."""

    def __init__(self):
        self._pump = None

    def check_idle(self):
        assert self._pump is None or self._pump.done()

    def check_idle(self):  # noqa: F811
        pass

    def start(self):
        self.check_idle()
        self._pump = asyncio.create_task(asyncio.sleep(1))

    async def stop(self):
        self._pump.cancel()


async def wrapped_twice():
    w = Wrapped()
    await w.start()
    await w.start()


def one_line_twice():
    o = OneLine()
    o.start()
    o.start()


def twice_twice():
    t = Twice()
    t.start()
    t.start()
