import asyncio


class Poller:
    def __init__(self) -> None:
        # `rebound` of an attribute, silenced: the next line binds the attribute again, and the
        # first task is lost whatever the comment says; `check --preview` stays silent.
        self._task = asyncio.create_task(self._fetch())  # noqa: RUF006
        self._task = asyncio.create_task(self._poll(0.1))

    async def _fetch(self) -> None:
        await asyncio.sleep(1)

    async def _poll(self, period: float) -> None:
        await asyncio.sleep(period)


class Unsilenced:
    def __init__(self) -> None:
        # The same without the comment: `rebound`, the fields the silenced one shares.
        self._task = asyncio.create_task(self._fetch())
        self._task = asyncio.create_task(self._fetch())

    async def _fetch(self) -> None:
        await asyncio.sleep(1)


class ReadBetween:
    def __init__(self, seen: set) -> None:
        # Near miss: read between the two bindings: the set keeps the first task.
        self._task = asyncio.create_task(self._fetch())  # noqa: RUF006
        seen.add(self._task)
        self._task = asyncio.create_task(self._fetch())

    async def _fetch(self) -> None:
        await asyncio.sleep(1)
