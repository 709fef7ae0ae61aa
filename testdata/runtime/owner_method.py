import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


class Worker:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    async def step(self):
        events.append(await wait_on_weak_future(self.name))

    def kick(self):
        asyncio.create_task(self.step())
        asyncio.ensure_future(self.step()).add_done_callback(lambda t: events.append("called"))


workers = []  # the program keeps its worker, as services are kept


async def main():
    workers.append(Worker("worker"))
    workers[0].kick()
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["worker", "worker", "called"])
