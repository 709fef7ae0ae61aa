import asyncio

from launart.utilles import any_completed


class Client:
    async def connection_daemon(self, manager):
        # Each task is handed to a callee outside the checked code, but the frame holds it
        # across the await and reads it after: kept by the frame while it waits.
        close_task = asyncio.create_task(self.close_signal.wait())
        sigexit_task = asyncio.create_task(manager.status.wait_for_sigexit())
        done, pending = await any_completed(sigexit_task, close_task)
        if sigexit_task in done:
            close_task.cancel()
            return
        if close_task in done:
            await self.connection.close()

    async def not_read_after(self, manager):
        # Never read after the call it is handed to: what keeps it is not proved.
        task = asyncio.create_task(manager.status.wait_for_sigexit())
        await any_completed(task)

    async def not_awaited(self, manager, registry):
        # Handed to a call the frame does not wait through: the callee may keep it past the
        # read, or drop it.
        task = asyncio.create_task(manager.status.wait_for_sigexit())
        registry.watch(task)
        await asyncio.sleep(1)
        if task.done():
            return
