"""An aiohttp-style application: handlers registered with `app.on_shutdown.append(...)`."""

import asyncio

from _support import collect_garbage, events, report, run_until_cancelled


class App:
    def __init__(self):
        self.on_shutdown = []
        self.on_cleanup = []


async def close_connections(app):
    print("connections closed")


async def release(app):
    print("released")


def make_app():
    app = App()
    app.on_shutdown.append(close_connections)
    app.on_cleanup.append(release)
    return app


def watch():
    asyncio.ensure_future(run_until_cancelled("watcher"))


async def main():
    app = make_app()
    watch()
    await collect_garbage()
    for handler in app.on_shutdown + app.on_cleanup:
        await handler(app)
    events.append("shut down")


asyncio.run(main())
report(globals(), ["watcher cancelled", "shut down"])
