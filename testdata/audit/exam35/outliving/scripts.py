import asyncio


async def server():
    await asyncio.sleep(1)


async def client(stop):
    await asyncio.sleep(0)
    stop.set_result(None)


def main(options):
    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    tasks = []
    if options.server:
        tasks.append(asyncio.ensure_future(server(), loop=loop))
    if options.client:
        tasks.append(asyncio.ensure_future(client(stop), loop=loop))
    if tasks:
        try:
            loop.run_until_complete(stop)
        except KeyboardInterrupt:
            loop.call_soon(loop.stop)
            loop.run_forever()
            loop.close()


def broker_main():
    loop = asyncio.new_event_loop()
    _ = loop.create_task(server())
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


async def not_plain():
    loop = asyncio.get_running_loop()
    tasks = []
    tasks.append(loop.create_task(server()))
    return 1
