import asyncio


class _State:
    def __init__(self, url):
        self.url = url
        self.task = None
        self.owns_connection = False


class Manager:
    def __init__(self):
        self._states = {}

    async def subscribe(self, key, url):
        state = _State(url)
        self._states[key] = state
        if not any(s.task is not None for s in self._states.values()):
            state.owns_connection = True
            state.task = asyncio.create_task(self._run(state))

    async def unsubscribe(self, key):
        removed = self._states.pop(key, None)
        if removed is None:
            return
        if removed.owns_connection and removed.task is not None:
            removed.task.cancel()
            try:
                await removed.task
            except asyncio.CancelledError:
                pass
            await self._promote(removed.url)

    async def _promote(self, url):
        for candidate in self._states.values():
            if candidate.url != url:
                continue
            if candidate.task is not None:
                return
            candidate.owns_connection = True
            candidate.task = asyncio.create_task(self._run(candidate))
            return

    async def _run(self, state):
        await asyncio.sleep(1)
