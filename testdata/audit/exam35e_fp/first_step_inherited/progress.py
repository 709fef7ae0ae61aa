import asyncio


class Progress:
    def __init__(self, page, loop):
        self.page = page
        self.loop = loop

    async def set_progress(self, p):
        self.page.value = p
        self.page.update()

    def report(self, p):
        asyncio.run_coroutine_threadsafe(self.set_progress(p), self.loop)
