"""A synchronous test that runs its own event loop."""

import asyncio
import gc

from app.jobs import wait_forever


def test_lost_inside_asyncio_run():
    async def main():
        asyncio.create_task(wait_forever())
        await asyncio.sleep(0)
        gc.collect()

    asyncio.run(main())


def test_creation_stacks_only_when_asked(request):
    async def main():
        task = asyncio.create_task(asyncio.sleep(0))
        await task
        return asyncio.get_running_loop().get_debug(), task._source_traceback is not None

    on = request.config.pluginmanager.has_plugin("undangle-watcher")
    # Never debug mode as a whole; on, each task records the stack that created it.
    assert asyncio.run(main()) == (False, on)
    if not on:
        # Off, the plugin leaves asyncio as it is.
        assert asyncio.BaseEventLoop.get_debug.__module__ == "asyncio.base_events"
