import asyncio
import logging

logger = logging.getLogger(__name__)


class Server:
    async def close(self):
        """The local list is named in a log message and its size is logged: neither reads a task."""
        self.server.close()
        tasks = [asyncio.create_task(self.server.wait_closed())]
        for connection in self.connections.values():
            connection.dispatcher.cancel()
            tasks.append(connection.dispatcher)
        logger.debug("waiting for %d tasks", len(tasks))  # the tasks are not read here
        await asyncio.wait(tasks)

    async def close_and_report(self):
        """Handed to another function: it may look at the exceptions."""
        tasks = [asyncio.create_task(self.server.wait_closed())]
        await asyncio.wait(tasks)
        report(tasks)


class Endpoint:
    async def send(self, message):
        """The status task is waited for by a blind `wait`, then only cancelled."""
        result_task = asyncio.create_task(self.client.send(message))
        status_task = asyncio.create_task(self.node.status_event.wait())
        await asyncio.wait(
            [result_task, status_task],
            return_when=asyncio.FIRST_COMPLETED,
        )
        status_task.cancel()
        if not result_task.done():
            result_task.cancel()
            return None
        return result_task.result()


def report(tasks):
    for task in tasks:
        logger.info("%s", task.exception())
