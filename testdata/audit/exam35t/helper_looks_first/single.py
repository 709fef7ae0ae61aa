import asyncio

_REFS = set()


class SingleTask:
    def __init__(self, coro):
        self.coro = coro
        self.task = None

    def cancel(self):
        if (task := self.task) is None:
            return None
        self.task = None
        _REFS.add(task)
        task.add_done_callback(_REFS.discard)
        task.cancel()
        return task

    def start(self):
        self.cancel()
        self.task = asyncio.get_event_loop().create_task(self.coro())
        return self.task


async def work():
    await asyncio.sleep(1)


def run_twice():
    t = SingleTask(work)
    t.start()
    t.start()
