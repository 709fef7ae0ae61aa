import asyncio


async def _work(conn) -> None:
    await asyncio.sleep(1)


def run(conn) -> None:
    asyncio.create_task(_work(conn))


if __name__ == "__main__":
    asyncio.run(_work(None))
