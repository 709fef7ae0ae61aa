import asyncio


class ReadFile:
    async def doread(self, rfile):
        await asyncio.sleep(1)

    def running(self, ctx):
        if ctx.options.rfile:
            asyncio.get_running_loop().create_task(self.doread(ctx.options.rfile))
