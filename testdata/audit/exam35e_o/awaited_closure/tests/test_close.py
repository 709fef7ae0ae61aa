import asyncio


async def worker():
    await asyncio.sleep(1)


async def test_concurrent_close():
    task = asyncio.create_task(worker())

    async def test():
        await asyncio.sleep(0.1)
        await asyncio.gather(task)

    await asyncio.wait_for(test(), 5.0)


async def test_awaited_directly():
    task = asyncio.create_task(worker())

    async def check():
        await task

    await check()


async def test_closure_run_as_a_task():
    # The closure's coroutine runs in a task nothing here awaits: the frame does not wait.
    task = asyncio.create_task(worker())

    async def test():
        await task

    asyncio.get_running_loop().call_soon(lambda: None)
    return test


async def test_awaited_on_one_branch(flag):
    task = asyncio.create_task(worker())

    async def test():
        if flag:
            await task

    await test()
