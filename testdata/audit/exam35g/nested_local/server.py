import asyncio


class Server:
    async def handle(self, reader, writer, bind):
        stop = asyncio.Event()
        if not bind:
            task_1 = asyncio.create_task(self.proxy(reader, writer, stop))
            task_2 = asyncio.create_task(self.proxy(writer, reader, stop))
            await stop.wait()
            task_1.cancel()
            task_2.cancel()
            return
        else:

            async def remote(dst_reader, dst_writer):
                stop = asyncio.Event()
                task_1 = asyncio.create_task(self.proxy(dst_reader, dst_writer, stop))
                await stop.wait()
                task_1.cancel()

            await self.serve(remote)

    async def proxy(self, reader, writer, stop):
        await asyncio.sleep(1)

    async def serve(self, callback):
        await asyncio.sleep(1)

    async def closure(self, reader, writer):
        task = asyncio.create_task(self.proxy(reader, writer, None))

        def stop():
            task.cancel()

        await self.serve(stop)
