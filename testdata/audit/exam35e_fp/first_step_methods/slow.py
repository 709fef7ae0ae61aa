import asyncio

from progress import Progress


class SlowProgress(Progress):
    async def set_progress(self, p):
        await asyncio.sleep(1)
        self.page.value = p
