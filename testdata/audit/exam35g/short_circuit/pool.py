import asyncio


class Pool:
    async def strict_only(self, n, strict=False):
        tasks = [asyncio.create_task(self.connect()) for _ in range(n)]
        if strict and any(i for i in await asyncio.gather(*tasks, return_exceptions=True)):
            raise RuntimeError(n)

    async def either(self, n, fast):
        task = asyncio.create_task(self.connect())
        return None if fast else await task

    async def left_operand(self, n, strict):
        tasks = [asyncio.create_task(self.connect()) for _ in range(n)]
        if await asyncio.gather(*tasks) and strict:
            raise RuntimeError(n)

    async def connect(self):
        await asyncio.sleep(1)
