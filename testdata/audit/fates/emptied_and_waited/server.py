import asyncio


class Connection:
    def __init__(self):
        self.extra_workers = set()


class Server:
    async def dispatcher(self, connection, stream):
        pending = {
            asyncio.create_task(self.greeting(connection)),
            asyncio.create_task(self.parse_command(stream)),
        }
        try:
            while True:
                done, pending = await asyncio.wait(
                    pending | connection.extra_workers,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                connection.extra_workers -= done
                for task in done:
                    result = task.result()
                    if result is None:
                        return
                    pending.add(
                        asyncio.create_task(self.parse_command(stream)),
                    )
        finally:
            tasks_to_wait = []
            if not asyncio.get_running_loop().is_closed():
                for task in pending | connection.extra_workers:
                    task.cancel()
                    tasks_to_wait.append(task)
            if connection.logged_in:
                task = asyncio.create_task(self.notify_logout(connection))
                tasks_to_wait.append(task)
            if tasks_to_wait:
                await asyncio.wait(tasks_to_wait)

    async def list_command(self, connection, rest):
        async def worker():
            await asyncio.sleep(1)

        task = asyncio.create_task(worker())
        connection.extra_workers.add(task)
        return True

    async def abort(self, connection):
        for worker in connection.extra_workers:
            worker.cancel()

    async def notify_logout(self, connection):
        pass

    async def greeting(self, connection):
        return True

    async def parse_command(self, stream):
        return await stream.readline()
