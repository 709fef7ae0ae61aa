import asyncio

from aiohttp import web


async def poll():
    while True:
        await asyncio.sleep(1)


async def start_background_tasks(application: web.Application):
    application["poller"] = asyncio.create_task(poll())
    application["updater"] = asyncio.create_task(poll())


async def cleanup_background_tasks(application: web.Application):
    application["poller"].cancel()
    application["updater"].cancel()
    await asyncio.gather(app["poller"], app["updater"], return_exceptions=True)


async def start_other(registry):
    # Not a hook: nothing says `registry` is the application.
    registry["other"] = asyncio.create_task(poll())


app = web.Application()
app.on_startup.append(start_background_tasks)
app.on_shutdown.append(cleanup_background_tasks)
web.run_app(app)
