"""A task handed to a thread or an executor: their contracts hold it only while the callable
runs, so what that callable does decides (unknown, with the contract)."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor()


def watch(task):
    task.result()


async def main(loop):
    threading.Thread(target=watch, args=(asyncio.create_task(asyncio.sleep(1)),)).start()
    pool.submit(watch, asyncio.create_task(asyncio.sleep(1)))
    await loop.run_in_executor(None, watch, asyncio.create_task(asyncio.sleep(1)))
    other((asyncio.create_task(asyncio.sleep(1)),))
