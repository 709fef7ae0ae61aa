import asyncio


class Server:
    async def run(self):
        await asyncio.sleep(1)


async def amain(port):
    # `asyncio.run` runs this coroutine: its frame holds `client_task` for as long as the loop
    # runs, and `asyncio.run` cancels and awaits what is left when it returns.
    client_task = None
    try:
        client_task = asyncio.create_task(Server().run())
        await Server().run()
    except Exception:
        pass


async def serve(port):
    # Awaited by another coroutine too: its frame may end while the loop runs on.
    server_task = asyncio.create_task(Server().run())
    await asyncio.sleep(1)


async def session():
    await serve(1)


def main():
    asyncio.run(amain(8900))
    asyncio.run(serve(8901))


if __name__ == "__main__":
    main()
