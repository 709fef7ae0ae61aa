import asyncio


class Reader:
    def __init__(self):
        self._pending = set()

    def _start(self, offset):
        self._pending.add(asyncio.ensure_future(self._read(offset)))

    async def _read(self, offset):
        await asyncio.sleep(0)
        return offset

    async def iter(self):
        self._start(0)
        while self._pending:
            done, self._pending = await asyncio.wait(
                self._pending, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                yield task.result()


class Events:
    def __init__(self):
        self._bg_tasks = []

    async def initialize(self):
        self._bg_tasks.append(asyncio.create_task(self._reader()))

    async def _reader(self):
        await asyncio.sleep(1)

    async def stop(self):
        for task in self._bg_tasks:
            task.cancel()
        self._bg_tasks = []


class Requests:
    def __init__(self):
        self._tasks = set()

    def request(self, request):
        t = asyncio.get_running_loop().create_task(self._request(request))
        self._tasks.add(t)

        def done(t, _tasks=self._tasks, _request=request):
            _tasks.remove(t)
            try:
                t.result()
            except Exception as e:
                _request.fail(e)

        t.add_done_callback(done)

    async def _request(self, request):
        await asyncio.sleep(0)
