import asyncio

_background_tasks: "set[asyncio.Task[object]]" = set()


class ReadFile:
    async def doread(self, rfile):
        await asyncio.sleep(1)

    def running(self, ctx):
        if ctx.options.rfile:
            task = asyncio.get_running_loop().create_task(
                self.doread(ctx.options.rfile)
            )
            _background_tasks.add(task)
            task.add_done_callback(_background_tasks.discard)
