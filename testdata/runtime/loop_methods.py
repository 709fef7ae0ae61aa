import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work(name):
    events.append(await wait_on_weak_future(name))


class Service:
    def __init__(self):
        self._loop = asyncio.get_running_loop()

    def start(self):
        self._loop.create_task(work("attribute"))


async def main():
    asyncio.get_running_loop().create_task(work("getter"))
    service = Service()  # a service lives as long as the program: `owner` keeps tasks on it
    service.start()
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["attribute", "getter"])
