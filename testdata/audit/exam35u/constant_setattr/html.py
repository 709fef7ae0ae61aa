import asyncio


class HTML:
    """`load_assets` never suspends: its task ends in its first step."""

    async def load_assets(self):
        self.assets = {}

    async def fetch_more(self):
        self.more = []

    async def refresh(self):
        self.fresh = True

    def render(self):
        loop = asyncio.get_event_loop()
        loop.create_task(self.load_assets())

    def scroll(self):
        loop = asyncio.get_event_loop()
        loop.create_task(self.fetch_more())

    def redraw(self):
        loop = asyncio.get_event_loop()
        loop.create_task(self.refresh())
