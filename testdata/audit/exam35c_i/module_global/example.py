import asyncio
from asyncio import Future


async def runner():
    await asyncio.sleep(1)


if __name__ == "__main__":
    _: Future = asyncio.ensure_future(runner())
    app.start()


def start():
    _: Future = asyncio.ensure_future(runner())
    app.start()
