import asyncio


class _SubscriptionState:
    def __init__(self, key):
        self.key = key
        self.task = None


class Manager:
    """ha-bepacom-bacnet's `async_connect_legacy_snapshot`: the task is stored on a state the
    method has just made (a private class, `_SubscriptionState`), so it replaces no live task
    however often the method runs."""

    def __init__(self):
        self._subscriptions = {}

    async def connect_snapshot(self):
        key = "snapshot"
        if key in self._subscriptions:
            return True
        state = _SubscriptionState(key)
        state.task = asyncio.create_task(self._run(state))
        self._subscriptions[key] = state
        return True

    async def _run(self, state):
        while True:
            await asyncio.sleep(1)

    async def unsubscribe(self, key):
        state = self._subscriptions.pop(key, None)
        if state is not None and state.task is not None:
            state.task.cancel()
            try:
                await state.task
            except asyncio.CancelledError:
                pass
