import asyncio


class Relay:
    def __init__(self):
        self._relay_tasks = set()

    async def _pipe(self, reader, writer):
        while data := await reader.read(4096):
            writer.write(data)

    async def handle(self, reader, writer, upstream_reader, upstream_writer):
        send_task = asyncio.create_task(self._pipe(reader, upstream_writer))
        recv_task = asyncio.create_task(self._pipe(upstream_reader, writer))
        self._relay_tasks.add(send_task)
        self._relay_tasks.add(recv_task)
        done, pending = await asyncio.wait(
            [send_task, recv_task], return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
        self._relay_tasks.discard(send_task)
        self._relay_tasks.discard(recv_task)

    async def handle_read(self, reader, writer, upstream_reader, upstream_writer):
        send_task = asyncio.create_task(self._pipe(reader, upstream_writer))
        recv_task = asyncio.create_task(self._pipe(upstream_reader, writer))
        self._relay_tasks.add(send_task)
        self._relay_tasks.add(recv_task)
        done, pending = await asyncio.wait(
            [send_task, recv_task], return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        self._relay_tasks.discard(send_task)
        self._relay_tasks.discard(recv_task)
        for task in done:
            task.result()

    async def close(self):
        for task in list(self._relay_tasks):
            if not task.done():
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
        self._relay_tasks.clear()
