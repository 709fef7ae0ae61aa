import asyncio


class Dispatcher:
    async def run_urls(self, urls):
        # Polled with `done()` / `exception()`, and only cancelled at the end: never awaited.
        monitor = asyncio.create_task(self._memory_monitor())
        results = []
        try:
            for url in urls:
                if monitor.done():
                    exc = monitor.exception()
                    if exc:
                        raise exc
                results.append(await self.crawl(url))
        finally:
            monitor.cancel()
        return results

    async def run_urls_stream(self, urls):
        monitor = asyncio.create_task(self._memory_monitor())
        try:
            for url in urls:
                yield await self.crawl(url)
        finally:
            monitor.cancel()
            await asyncio.gather(monitor, return_exceptions=True)

    async def _memory_monitor(self):
        while True:
            await asyncio.sleep(1)

    async def crawl(self, url):
        return url


async def shutdown(channel):
    listener = asyncio.create_task(channel.start_listening())
    for _ in range(150):
        if channel.state == "connected":
            break
        if channel.state == "failed":
            return False
        await asyncio.sleep(0.2)
    else:
        return False
    listener.cancel()
    try:
        await asyncio.wait_for(listener, timeout=5.0)
    except asyncio.CancelledError:
        pass
    return True


async def every_path(channel):
    listener = asyncio.create_task(channel.start_listening())
    try:
        if channel.state == "failed":
            return False
        return True
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)


async def in_its_return(channel):
    listener = asyncio.create_task(channel.start_listening())
    return await listener
