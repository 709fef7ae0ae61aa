"""A web application's shutdown handler (`@app.on_event("shutdown")`, as in FastAPI)."""

import asyncio

from _support import collect_garbage, events, report, run_until_cancelled


class App:
    """Enough of an application object to register and run event handlers."""

    def __init__(self):
        self.handlers = {}

    def on_event(self, name):
        def register(handler):
            self.handlers.setdefault(name, []).append(handler)
            return handler

        return register


app = App()


def start_refresher():
    asyncio.create_task(run_until_cancelled("refresher"))


@app.on_event("shutdown")
async def shutdown():
    print("shutting down")


async def main():
    start_refresher()
    await collect_garbage()
    for handler in app.handlers["shutdown"]:
        await handler()
    events.append("shut down")


asyncio.run(main())
report(globals(), ["refresher cancelled", "shut down"])
