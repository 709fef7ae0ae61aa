import asyncio


class Watchdog:
    def __init__(self, app):
        self.app = app
        self._runner = None

    def start(self):
        self._runner = asyncio.ensure_future(self.run_async())
        return self._runner

    def stop(self):
        self.app.disconnect()
        self._runner = None

    async def run_async(self):
        while self._runner:
            await self.app.connect()
            await asyncio.sleep(1)


class Reader:
    def __init__(self, stream):
        self.stream = stream
        self._closed = False

    def open(self):
        self._reader = asyncio.ensure_future(self._read())

    def close(self):
        self._closed = True

    async def _read(self):
        while not self._closed:
            await self.stream.read()


class Poller:
    def __init__(self, source):
        self.source = source
        self._polling = False

    def begin(self):
        self._polling = True
        self._poll_task = asyncio.ensure_future(self._poll())

    async def _poll(self):
        while self._polling:
            await self.source.get()


def main(app, stream, source):
    dog = Watchdog(app)
    dog.start()
    reader = Reader(stream)
    reader.open()
    poller = Poller(source)
    poller.begin()
