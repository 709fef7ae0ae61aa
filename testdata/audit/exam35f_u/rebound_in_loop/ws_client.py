import asyncio

from launart import any_completed


class Client:
    async def daemon(self, manager):
        while not manager.exiting:
            # Turned again by `continue` only when it is in the done set: not claimed lost.
            close_task = asyncio.create_task(self.close_signal.wait())
            receiver_task = asyncio.create_task(self.message_handle())
            # Held by the frame across the await; on the `close_task` path the loop binds
            # `sigexit_task` again while the old task still waits for the manager's exit.
            sigexit_task = asyncio.create_task(manager.wait_for_sigexit())
            done, pending = await any_completed(sigexit_task, close_task, receiver_task)
            if sigexit_task in done:
                await self.close()
                return
            if close_task in done:
                receiver_task.cancel()
                await asyncio.sleep(5)
                continue

    async def cancelled_before_next_turn(self, manager):
        while not manager.exiting:
            close_task = asyncio.create_task(self.close_signal.wait())
            # Cancelled after the call on every turn: nothing is lost when it is bound again.
            sigexit_task = asyncio.create_task(manager.wait_for_sigexit())
            done, pending = await any_completed(sigexit_task, close_task)
            if sigexit_task in done:
                return
            sigexit_task.cancel()
            close_task.cancel()

    async def pending_cancelled(self, manager):
        while not manager.exiting:
            # The pending set is cancelled: the old task is cancelled before the next turn.
            sigexit_task = asyncio.create_task(manager.wait_for_sigexit())
            done, pending = await any_completed(sigexit_task, self.other)
            if sigexit_task in done:
                return
            for t in pending:
                t.cancel()

    async def once(self, manager):
        # No loop: the local is never bound again.
        sigexit_task = asyncio.create_task(manager.wait_for_sigexit())
        done, pending = await any_completed(sigexit_task, self.other)
        if sigexit_task in done:
            return
