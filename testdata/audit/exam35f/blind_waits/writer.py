import asyncio


class Writer:
    def start(self):
        connection_task = asyncio.create_task(self._connection_loop())
        encode_task = asyncio.create_task(self._encode_loop())
        self._background_tasks = [connection_task, encode_task]

    async def close(self):
        for task in self._background_tasks:
            task.cancel()
        await asyncio.wait(self._background_tasks)

    async def _connection_loop(self):
        await asyncio.sleep(1)

    async def _encode_loop(self):
        await asyncio.sleep(1)


async def sized(n):
    done, not_done = await asyncio.wait({asyncio.create_task(asyncio.sleep(1)) for _ in range(n)})
    assert len(done) == n


async def cleaned(conn):
    tasks = []
    tasks.append(asyncio.create_task(conn.receive()))
    tasks.append(asyncio.create_task(conn.heartbeat()))
    await any_completed(*tasks)
    for task in tasks:
        task.cancel()
    await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)


async def timed(items):
    cleanup_tasks = []
    for item in items:
        cleanup_tasks.append(asyncio.create_task(item.delete()))
    await asyncio.wait(cleanup_tasks, timeout=30.0)


async def done_set_read(n):
    """The done set is read: its exceptions may be looked at."""
    done, not_done = await asyncio.wait({asyncio.create_task(asyncio.sleep(1)) for _ in range(n)})
    for task in done:
        task.result()


async def cancelled_then_gathered(conn):
    """Gathered after the cancel: every outcome is read."""
    tasks = [asyncio.create_task(conn.receive())]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
