import asyncio

from _support import collect_garbage, events, report, settle, wait_on_weak_future


async def work():
    events.append(await wait_on_weak_future())


async def main():
    loop = asyncio.get_running_loop()
    # The loop calls the lambda soon and ignores the task it returns.
    loop.call_soon(lambda: asyncio.ensure_future(work()))
    await asyncio.sleep(0)  # the lambda runs
    await collect_garbage()
    await settle()


asyncio.run(main())
report(globals(), ["done"])
