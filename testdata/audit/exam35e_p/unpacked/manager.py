import asyncio
import logging

_LOG = logging.getLogger(__name__)


class Manager:
    async def run_all(self, plugins, meth):
        """Each pair is unpacked by the `for` and its task awaited."""
        loop = asyncio.get_running_loop()
        tasks = []
        for plugin in plugins:
            tasks.append((plugin, loop.create_task(getattr(plugin, meth)())))
        for plugin, task in tasks:
            try:
                await task
            except Exception as error:
                _LOG.error("%s: %s", plugin, error)
        tasks.clear()

    async def await_the_other(self, plugins):
        """The loop awaits the first of each pair, not the task."""
        pairs = []
        for plugin in plugins:
            pairs.append((plugin.ready, asyncio.create_task(plugin.start())))
        for ready, task in pairs:
            await ready
        pairs.clear()
