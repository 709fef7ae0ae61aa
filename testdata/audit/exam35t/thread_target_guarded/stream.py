import asyncio
import threading


class Stream:
    """The thread's target runs once per start: `start` returns while `_active` (LedFx)."""

    def __init__(self):
        self._active = False
        self._loop = None
        self._task = None
        self._thread = None

    def start(self):
        if self._active:
            return
        self._active = True
        self._thread = threading.Thread(target=self._run_client, daemon=True)
        self._thread.start()

    def stop(self):
        self._active = False
        if self._task and self._loop:
            self._loop.call_soon_threadsafe(self._task.cancel)

    def _run_client(self):
        self._loop = asyncio.new_event_loop()
        self._task = self._loop.create_task(self._reconnect())
        self._loop.run_until_complete(self._task)

    async def _reconnect(self):
        await asyncio.sleep(1)


class Unguarded:
    """Near miss: `start` makes a thread whatever the state."""

    def __init__(self):
        self._loop = None
        self._task = None
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._run_client, daemon=True)
        self._thread.start()

    def stop(self):
        if self._task and self._loop:
            self._loop.call_soon_threadsafe(self._task.cancel)

    def _run_client(self):
        self._loop = asyncio.new_event_loop()
        self._task = self._loop.create_task(self._reconnect())
        self._loop.run_until_complete(self._task)

    async def _reconnect(self):
        await asyncio.sleep(1)


class Registered:
    """Near miss: the guarded `start` registers the method as a callback, which may run it
    any number of times."""

    def __init__(self, bus):
        self._bus = bus
        self._active = False
        self._loop = None
        self._task = None

    def start(self):
        if self._active:
            return
        self._active = True
        self._bus.subscribe(self._run_client)

    def stop(self):
        self._active = False
        if self._task and self._loop:
            self._loop.call_soon_threadsafe(self._task.cancel)

    def _run_client(self):
        self._loop = asyncio.new_event_loop()
        self._task = self._loop.create_task(self._reconnect())
        self._loop.run_until_complete(self._task)

    async def _reconnect(self):
        await asyncio.sleep(1)
