from asyncio import ensure_future, sleep


class Task:
    async def callback(self) -> None:
        await sleep(1)

    def _call_async(self) -> None:
        ensure_future(self.callback())
