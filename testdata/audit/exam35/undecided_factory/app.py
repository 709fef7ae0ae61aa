import asyncio

from spawning import spawn


async def work():
    await asyncio.sleep(1)


class App:
    def __init__(self):
        self._task = None

    async def run(self, inline):
        # A task on every path these arguments leave open: dropped.
        spawn(work())
        # No task: nothing to keep.
        await spawn(work(), inline=True)
        # Which path `inline` takes is not known here: unknown, naming `spawn` and `inline`.
        spawn(work(), inline=inline)
        # Kept either way: no site.
        self._task = spawn(work(), inline=inline)

    async def dispatch(self, event, *, inline=False):
        # sanic's Signals.dispatch: an `async def` factory, its task the await's result.
        if inline:
            return await work()
        task = asyncio.get_running_loop().create_task(work())
        await asyncio.sleep(0)
        return task

    async def signal(self, flag):
        await self.dispatch("x", inline=flag)
