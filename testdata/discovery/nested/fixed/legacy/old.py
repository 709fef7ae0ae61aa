import asyncio

_background_tasks: set[asyncio.Task[object]] = set()


async def start(registry, reconnect_every_client):
    task = asyncio.create_task(
        registry.reconnect_clients(reconnect_every_client, timeout=30)
    )
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    task = asyncio.create_task(
        registry.reconnect_clients(everyone, timeout=30)
    )
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
