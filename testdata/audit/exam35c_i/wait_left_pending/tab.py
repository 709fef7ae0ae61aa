import asyncio


class Tab:
    async def sleep(self, t=1):
        if self.browser:
            await asyncio.wait(
                [
                    asyncio.create_task(self.browser.update_targets()),
                    asyncio.create_task(asyncio.sleep(t)),
                ],
                return_when=asyncio.FIRST_COMPLETED,
            )

    async def all_done(self, t=1):
        await asyncio.wait([asyncio.create_task(self.browser.update_targets())])

    async def read_pending(self, t=1):
        done, pending = await asyncio.wait(
            [asyncio.create_task(self.browser.update_targets())], timeout=t
        )
        for task in pending:
            await task
        return done


async def through_a_local(timeout):
    task = asyncio.create_task(asyncio.sleep(timeout * 3))
    await asyncio.wait([task], timeout=timeout)
