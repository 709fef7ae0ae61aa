import asyncio


class Replayer:
    def kick(self) -> None:
        asyncio.create_task(self.run())

    async def run(self) -> None:
        await asyncio.sleep(1)
        print("replayed")
