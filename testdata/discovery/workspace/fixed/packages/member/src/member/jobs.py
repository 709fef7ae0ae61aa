import asyncio

from member.store import refresh_inventory_for_every_warehouse

_background_tasks: set[asyncio.Task[object]] = set()


async def schedule(warehouses, notify_subscribers_when_done, retry_failed_shipments_later):
    task = asyncio.create_task(refresh_inventory_for_every_warehouse(warehouses, notify_subscribers_when_done))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    if retry_failed_shipments_later:
        task = asyncio.create_task(refresh_inventory_for_every_warehouse(warehouses, retry=1))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)
