import asyncio


def test_service(loop, service):
    # tomodachi's shape: the coroutine only calls a plain function, then the loop runs.
    async def _async_kill():
        service.exit()

    loop.create_task(_async_kill())
    loop.run_until_complete(service.run())


def test_service_slowly(loop, service):
    async def _async_kill():
        await asyncio.sleep(0.1)
        service.exit()

    loop.create_task(_async_kill())
    loop.run_until_complete(service.run())
