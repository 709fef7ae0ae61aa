import asyncio

from pkg import Deep, Loud, Node, Rebound


async def test_run() -> None:
    node = Node()
    asyncio.create_task(node.run())
    deep = Deep()
    asyncio.create_task(deep.run())
    loud = Loud()
    asyncio.create_task(loud.run())
    rebound = Rebound()
    asyncio.create_task(rebound.run())
    await asyncio.sleep(1)
