import asyncio


async def _heartbeat(name: str) -> None:
    await asyncio.sleep(0.001)
    print(f'beat {name}')


def start(name: str = 'main') -> None:
    asyncio.create_task(_heartbeat(name))
