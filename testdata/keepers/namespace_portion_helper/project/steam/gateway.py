import asyncio


async def _close() -> None:
    pass


def close_from_thread(loop: asyncio.AbstractEventLoop) -> None:
    # Waits for the loop's side: a future the thread reads, not one dropped.
    future = asyncio.run_coroutine_threadsafe(_close(), loop)
    future.result(10)
