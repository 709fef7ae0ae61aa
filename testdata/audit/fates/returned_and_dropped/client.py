class Client:
    def __init__(self, storage):
        self._storage = storage
        self._kept = None

    async def publish(self, mid, package):
        self._storage.push_message_nowait(mid, package)
        await self._storage.schedule_flush()
        self._kept = self._storage.start_kept()
        self._storage.start_twice()
