import asyncio


class Batch:
    def __init__(self):
        self._dispatch_task = None
        self.futures = []

    def on_future_done(self, future):
        if all(f.cancelled() for f in self.futures):
            self._dispatch_task.cancel()


class Twice:
    pass


class Twice:
    def close(self):
        self.task.cancel()


async def dispatch(batch):
    await asyncio.sleep(0)


def schedule(batch: Batch):
    batch._dispatch_task = asyncio.create_task(dispatch(batch))


def schedule_twice(twice: Twice):
    # Two classes of that name: which one is not known.
    twice.task = asyncio.create_task(dispatch(twice))
