from adapter import Adapter


class App:
    def __init__(self):
        self.adapter = Adapter()

    async def start(self):
        if self.adapter and not self.adapter._running:
            await self.adapter.run()

    def keep_watching(self):
        if self.adapter._watch is None or self.adapter._watch.done():
            self.adapter.watch()
