import asyncio

from _factories import start_job
from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(name):
    events.append(await wait_on_weak_future(name))


class Scheduler:
    def __init__(self):
        self.runs = 0

    def launch(self, coro):
        task = asyncio.get_running_loop().create_task(coro)
        return task

    def run(self):
        # The task factory's result is dropped here.
        self.launch(work("method"))


scheduler = Scheduler()


async def main():
    # An imported task factory's result is dropped.
    start_job(work("imported"))
    scheduler.run()
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["imported", "method"])
