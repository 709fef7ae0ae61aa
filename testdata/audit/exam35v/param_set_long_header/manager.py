import asyncio


class Manager:
    async def list_tools(self, servers):
        tasks = [self._fetch(s) for s in servers]
        return await asyncio.gather(*tasks)

    async def _call_tool(
        self,
        name: str,
        tasks: list,
    ) -> list:
        tasks.append(asyncio.create_task(self._fetch(name)))
        return await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)

    async def call_tool(
        self,
        name: str,
        hooked: bool,
    ) -> list:
        tasks = []
        if hooked:
            tasks.append(asyncio.create_task(self._hook(name)))
        else:
            return await self._call_tool(
                name=name,
                tasks=tasks,
            )
        return await asyncio.gather(*tasks)

    async def _fetch(self, name):
        await asyncio.sleep(1)

    async def _hook(self, name):
        await asyncio.sleep(1)
