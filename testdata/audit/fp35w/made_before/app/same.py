import asyncio

_pool = None


class Pool:
    def __init__(self):
        self._task = None

    async def start_health_checks(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def _loop(self):
        while True:
            await asyncio.sleep(5)


async def startup():
    # The class of the file itself, on a global the statement just before makes.
    global _pool
    _pool = Pool()
    asyncio.create_task(_pool.start_health_checks())


async def shutdown():
    global _pool
    _pool = None
