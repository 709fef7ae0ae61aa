import asyncio

from member.store import refresh_inventory_for_every_warehouse


async def schedule(warehouses, notify_subscribers_when_done, retry_failed_shipments_later):
    asyncio.create_task(refresh_inventory_for_every_warehouse(warehouses, notify_subscribers_when_done))
    if retry_failed_shipments_later:
        asyncio.create_task(refresh_inventory_for_every_warehouse(warehouses, retry=1))
