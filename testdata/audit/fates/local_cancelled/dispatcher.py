import asyncio


class Dispatcher:
    async def run_urls(self, urls):
        """Polls the monitor, and its `finally` only cancels it: cancelled, never awaited."""
        monitor = asyncio.create_task(self.monitor_memory())
        try:
            for url in urls:
                if monitor.done():
                    if monitor.exception():
                        raise monitor.exception()
                await self.crawl(url)
        finally:
            monitor.cancel()

    async def run_urls_stream(self, urls):
        """The same, awaited after its cancel: nothing left to do."""
        monitor = asyncio.create_task(self.monitor_memory())
        try:
            for url in urls:
                await self.crawl(url)
        finally:
            monitor.cancel()
            try:
                await monitor
            except asyncio.CancelledError:
                pass


async def update_firmware(client):
    receive_task = asyncio.get_running_loop().create_task(client.receive_until_closed())
    await client.disconnect()
    if not receive_task.done():
        receive_task.cancel()


def serve(loop, client):
    """A synchronous frame that runs the loop, then cancels: it cannot await the task."""
    idle = loop.create_task(client.idle())
    loop.run_until_complete(client.serve())
    idle.cancel()
