import asyncio


async def set_progress(page, value):
    page.progress = value
    page.update()


def on_progress(loop, page, value):
    # From a worker thread: the coroutine sets a field and calls a plain method.
    asyncio.run_coroutine_threadsafe(set_progress(page, value), loop)
