from asyncio import ensure_future, sleep

from .._background import keep_task


class Task:
    async def callback(self) -> None:
        await sleep(1)

    def _call_async(self) -> None:
        keep_task(ensure_future(self.callback()))
