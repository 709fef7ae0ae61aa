import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


class Sensor:
    _instance = None

    def __new__(cls, **kwargs):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance._initialized = False
        return cls._instance

    def __init__(self, router=None):
        if self._initialized:
            # Each later construction re-wires the router only.
            if router is not None:
                self.router = router
            return
        self._initialized = True
        self.router = router

    async def reconcile(self):
        events.append(await wait_on_weak_future(self.router))

    def schedule(self):
        asyncio.create_task(self.reconcile())


async def main():
    Sensor(router="router").schedule()
    Sensor(router="router")  # constructed again, as its getter does
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["router"])
