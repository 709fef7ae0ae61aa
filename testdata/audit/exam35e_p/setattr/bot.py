import asyncio


async def check_signal():
    while True:
        await asyncio.sleep(1)


class Bot:
    def watch(self):
        """A string constant names the attribute: `self._watcher = task_ref`."""
        task_ref = asyncio.create_task(check_signal(), name="watcher")
        setattr(self, "_watcher", task_ref)

    def watch_inline(self):
        """The same, the task made in the call."""
        setattr(self, "_inline", asyncio.create_task(check_signal()))

    def watch_named(self, name):
        """A name not written out: which attribute is not known."""
        task_ref = asyncio.create_task(check_signal())
        setattr(self, name, task_ref)

    async def close(self):
        self._inline.cancel()
        await self._inline
