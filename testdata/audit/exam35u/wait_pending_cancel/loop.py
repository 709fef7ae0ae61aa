import asyncio


class Disconnected(Exception):
    pass


class Client:
    """pulsectl-asyncio's shape: the pending one is cancelled in a loop, and the pending set
    is otherwise only tested for the operation's task."""

    def __init__(self):
        self._disconnected = asyncio.Event()

    async def wait_disconnect_or(self, coroutine):
        loop = asyncio.get_event_loop()
        wait_disconnected = loop.create_task(self._disconnected.wait())
        other_task = loop.create_task(coroutine)
        try:
            done, pending = await asyncio.wait(
                (wait_disconnected, other_task), return_when=asyncio.FIRST_COMPLETED
            )
        except BaseException:
            for task in (wait_disconnected, other_task):
                task.cancel()
            raise
        for task in pending:
            task.cancel()
        if other_task in pending:
            raise Disconnected()
        else:
            return other_task.result()
