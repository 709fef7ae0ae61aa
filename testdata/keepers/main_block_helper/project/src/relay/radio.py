import asyncio

from relay.config import RETRY_SECONDS


async def check_connection():
    while True:
        await asyncio.sleep(RETRY_SECONDS)


if __name__ == "__main__":
    # Run standalone: connect and check the connection forever.
    loop = asyncio.new_event_loop()
    loop.create_task(check_connection())
    loop.run_forever()
