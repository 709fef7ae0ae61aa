import asyncio


class Manager:
    async def cleanup(self):
        """The wait returns at its timeout and cancels nothing: the tasks still running are left."""
        cleanup_tasks = []
        for sandbox_id in list(self._sandboxes):
            task = asyncio.create_task(self._safe_delete(sandbox_id))
            cleanup_tasks.append(task)

        if cleanup_tasks:
            try:
                await asyncio.wait(cleanup_tasks, timeout=30.0)
            except asyncio.TimeoutError:
                pass

    async def cleanup_cancelling(self):
        """What the wait leaves pending is cancelled after it: not left to nobody."""
        cleanup_tasks = []
        for sandbox_id in list(self._sandboxes):
            task = asyncio.create_task(self._safe_delete(sandbox_id))
            cleanup_tasks.append(task)
        await asyncio.wait(cleanup_tasks, timeout=30.0)
        for task in cleanup_tasks:
            task.cancel()

    async def _safe_delete(self, sandbox_id):
        await asyncio.sleep(1)
