import asyncio
import logging

logger = logging.getLogger(__name__)


async def serve():
    await asyncio.sleep(3600)


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    task = loop.create_task(serve())
    try:
        loop.run_until_complete(task)
    except KeyboardInterrupt:
        logger.info("stopping")
        task.cancel()
        loop.run_until_complete(task)
    finally:
        loop.close()


if __name__ == "__main__":
    main()
