import asyncio
import signal


class Karen:
    async def stop(self):
        await asyncio.sleep(1)

    async def serve(self):
        await asyncio.sleep(1)


async def main():
    karen = Karen()
    loop = asyncio.get_running_loop()
    # `karen.stop` is not called: `create_task` is handed a bound method and raises TypeError
    # when SIGTERM comes; no task is made. What the name is, is not proved: unknown.
    loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.create_task(karen.stop))
    # Called: a new task each time the handler runs, which the loop's handler drops.
    loop.add_signal_handler(signal.SIGINT, lambda: asyncio.create_task(karen.stop()))
    await karen.serve()
