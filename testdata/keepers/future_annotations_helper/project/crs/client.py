from asyncio import create_task, sleep


async def handle(n: int) -> None:
    await sleep(1)


class Client:
    def on_event(self, n: int) -> None:
        create_task(handle(n))
