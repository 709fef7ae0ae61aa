import asyncio

from progress import Progress


class LabelledProgress(Progress):
    def __init__(self, page, loop, label):
        super().__init__(page, loop)
        self.label = label

    async def show(self):
        await asyncio.sleep(1)
        self.set_progress(0)
