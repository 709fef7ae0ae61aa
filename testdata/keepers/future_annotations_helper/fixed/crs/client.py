from asyncio import create_task, sleep

from ._background import keep_task


async def handle(n: int) -> None:
    await sleep(1)


class Client:
    def on_event(self, n: int) -> None:
        keep_task(create_task(handle(n)))
