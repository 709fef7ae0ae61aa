import asyncio


def next_event(source, timeout):
    async def waiter():
        return await asyncio.wait_for(source.get(), timeout)

    return asyncio.create_task(waiter())
