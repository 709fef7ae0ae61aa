import asyncio
import threading
import time

from watchdog.events import FileSystemEventHandler


class Broker:
    async def process(self, data):
        await asyncio.sleep(1)

    async def start(self):
        try:

            def worker():
                # Runs on the thread below: no loop is set there, so `get_event_loop()` raises.
                while True:
                    asyncio.run_coroutine_threadsafe(self.process({}), asyncio.get_event_loop())
                    time.sleep(1)

            self.thread = threading.Thread(target=worker, daemon=True)
            self.thread.start()
        except RuntimeError:
            pass

    async def start_private(self):
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self):
        asyncio.create_task(self.process({}))

    def called_twice(self):
        # Also called from the loop below: no proof of the thread.
        asyncio.create_task(self.process({}))

    async def run(self):
        threading.Thread(target=self.called_twice).start()
        self.called_twice()


class Watcher(FileSystemEventHandler):
    def __init__(self, system, loop):
        self.system = system
        self.loop = loop

    def on_modified(self, event):
        # The observer's thread: no running loop.
        asyncio.create_task(self.system.reload())

    def on_created(self, event):
        # A loop handed in runs in its own thread and makes the task.
        asyncio.run_coroutine_threadsafe(self.system.reload(), self.loop)
