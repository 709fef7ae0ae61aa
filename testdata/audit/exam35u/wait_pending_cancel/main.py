import asyncio


class Server:
    """sphinx-autobuild's shape: the wait returns at the first task done; the other is
    cancelled by a list comprehension, never awaited."""

    def __init__(self):
        self.should_exit = asyncio.Event()

    async def watch(self):
        while True:
            await asyncio.sleep(1)

    async def main(self) -> None:
        tasks = (
            asyncio.create_task(self.watch()),
            asyncio.create_task(self.should_exit.wait()),
        )
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        [task.cancel() for task in pending]
        [task.result() for task in done]
