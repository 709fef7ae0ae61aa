import asyncio

from .aio import first_completed


class Shard:
    def __init__(self):
        self._keep_alive_task = None
        self._ready = None

    async def close(self):
        if not self._keep_alive_task:
            raise RuntimeError("inactive")
        self._keep_alive_task.cancel()
        try:
            await self._keep_alive_task
        except asyncio.CancelledError:
            pass
        self._keep_alive_task = None

    async def start(self):
        if self._keep_alive_task or self._ready:
            raise RuntimeError("already running")
        self._ready = asyncio.Event()
        keep_alive_task = asyncio.create_task(self._keep_alive())
        # Waits until the handshake only: the task runs on.
        await first_completed(self._ready.wait(), asyncio.shield(keep_alive_task))
        if not self._ready.is_set():
            keep_alive_task.result()
            raise RuntimeError("closed before it could start")
        self._keep_alive_task = keep_alive_task

    async def run_once(self):
        # Awaited on every path, then stored: done before it is stored.
        task = asyncio.create_task(self._keep_alive())
        await asyncio.wait_for(asyncio.shield(task), timeout=None)
        self._last = task

    async def start_quietly(self):
        task = asyncio.create_task(self._keep_alive())
        await first_completed(self._ready.wait(), asyncio.shield(task))
        self._quiet_task = task

    async def connect(self, closing):
        task = asyncio.create_task(self._keep_alive())
        if closing:
            await task
            return
        self._connection_task = task

    async def deliver(self, timeout):
        # Waited for on every path (the `raise` ends the function's own body, no branch).
        task = asyncio.create_task(self._keep_alive())
        self._all.append(task)
        done, _ = await asyncio.wait([task], timeout=timeout)
        if task in done:
            return task.result()
        task.cancel()
        raise asyncio.TimeoutError

    async def select(self, coroutines):
        # A task that runs the wait, awaited: the wait is awaited.
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        _, pending = await asyncio.get_running_loop().create_task(
            asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        )
        for task in pending:
            task.cancel()

    async def close_after_failure(self, timeout):
        # The await and the store are in the same branch that leaves: awaited.
        try:
            await self._keep_alive()
        except Exception:
            task = asyncio.create_task(self._keep_alive())
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout)
            except asyncio.TimeoutError:
                self._closing = task
            raise

    async def run_transport(self):
        # Stored before the await that leaves: the await waits for it on that path, and the
        # store made before it is no path that goes on (livekit's transport task).
        while True:
            task = asyncio.create_task(self._keep_alive())
            self._transport_task = task
            try:
                await task
                return
            except asyncio.CancelledError:
                if not task.done():
                    task.cancel()
                raise
            except Exception:
                continue

    async def _keep_alive(self):
        while True:
            await asyncio.sleep(1)
