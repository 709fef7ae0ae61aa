import asyncio


async def start(registry, reconnect_every_client):
    asyncio.create_task(registry.reconnect_clients(reconnect_every_client, timeout=30))
