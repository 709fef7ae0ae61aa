import asyncio


class WebSocket:
    def __init__(self):
        self._read_task = None
        self._write_task = None
        self._queue = asyncio.Queue()

    def start(self):
        self._read_task = asyncio.create_task(self._read_loop())
        self._write_task = asyncio.create_task(self._write_loop())

    async def __aenter__(self):
        self.start()
        return self

    async def recv(self, timeout):
        waiter = asyncio.create_task(self._queue.get())
        # Whichever comes first: this ends neither.
        done, _ = await asyncio.wait(
            (waiter, self._read_task),
            return_when=asyncio.FIRST_COMPLETED,
            timeout=timeout,
        )
        return done

    async def terminate(self):
        tasks_to_cancel = {
            t
            for t in (self._read_task, self._write_task)
            if t is not None and not t.done()
        }
        for io_task in tasks_to_cancel:
            io_task.cancel()
        if tasks_to_cancel:
            await asyncio.wait(tasks_to_cancel, timeout=2)

    async def _read_loop(self):
        await asyncio.sleep(1)

    async def _write_loop(self):
        await asyncio.sleep(1)


class Named:
    """A dict of the tasks by name: iterating it gives the names, not the tasks."""

    def __init__(self):
        self._pump = None

    def start(self):
        self._pump = asyncio.create_task(self._run())

    async def stop(self):
        by_name = {"pump": self._pump}
        for name in by_name:
            print(name)
        await asyncio.sleep(1)

    async def _run(self):
        await asyncio.sleep(1)
