import asyncio


class Poller:
    def __init__(self) -> None:
        # The first task is lost: the next line binds the attribute again.
        self._task = asyncio.create_task(self._fetch())
        self._task = asyncio.create_task(self._poll(0.1, name="poll"))

    async def _fetch(self) -> None:
        await asyncio.sleep(1)

    async def _poll(self, period: float, name: str) -> None:
        await asyncio.sleep(period)


class ReadBetween:
    def __init__(self) -> None:
        # Read between the two bindings: the set keeps the first task.
        self._task = asyncio.create_task(self._fetch())
        self._tasks = {self._task}
        self._task = asyncio.create_task(self._fetch())

    async def _fetch(self) -> None:
        await asyncio.sleep(1)


class CallBetween:
    def __init__(self) -> None:
        # A call between may read the attribute.
        self._task = asyncio.create_task(self._fetch())
        self._remember()
        self._task = asyncio.create_task(self._fetch())

    def _remember(self) -> None:
        self._kept = self._task

    async def _fetch(self) -> None:
        await asyncio.sleep(1)


class SecondValueRunsCode:
    def __init__(self) -> None:
        # `_make` is a plain function: it runs, and it may read the attribute.
        self._task = asyncio.create_task(self._fetch())
        self._task = asyncio.create_task(self._make())

    def _make(self):  # type: ignore[no-untyped-def]
        self._kept = self._task
        return self._fetch()

    async def _fetch(self) -> None:
        await asyncio.sleep(1)


class InBranches:
    def __init__(self, fast: bool) -> None:
        # One binding in each branch: neither replaces the other.
        if fast:
            self._task = asyncio.create_task(self._fetch())
        else:
            self._task = asyncio.create_task(self._fetch())

    async def _fetch(self) -> None:
        await asyncio.sleep(1)


class ArgumentRunsCode:
    def __init__(self) -> None:
        # `self._period()` runs as an argument: it may read the attribute.
        self._task = asyncio.create_task(self._fetch())
        self._task = asyncio.create_task(self._poll(self._period()))

    def _period(self) -> float:
        self._kept = self._task
        return 0.1

    async def _fetch(self) -> None:
        await asyncio.sleep(1)

    async def _poll(self, period: float) -> None:
        await asyncio.sleep(period)
