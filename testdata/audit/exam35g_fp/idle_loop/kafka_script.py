import asyncio


class Processor:
    async def main(self):
        await asyncio.sleep(1)

    async def stop(self):
        await asyncio.sleep(1)


if __name__ == "__main__":
    processor = Processor()
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(processor.main())
    except KeyboardInterrupt:
        print("\r\n")
    print("Gracefully stopping ...")
    loop.create_task(processor.stop())
