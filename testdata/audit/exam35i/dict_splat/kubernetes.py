import asyncio


async def pods_for_service():
    await asyncio.sleep(1)
    return []


async def mesh_status(service, service_mesh, pods_task, settings=None):
    """Awaits the pods task it is handed (paasta's `mesh_status`)."""
    nodes = await asyncio.to_thread(list, [service])
    pods = await pods_task
    return {"mesh": service_mesh, "nodes": nodes, "pods": pods}


async def kubernetes_mesh_status(service, include_envoy):
    pods_task = asyncio.create_task(pods_for_service())
    kmesh = {}
    mesh_status_kwargs = dict(
        service=service,
        pods_task=pods_task,
        settings=None,
    )
    if include_envoy:
        kmesh["envoy"] = await mesh_status(
            service_mesh="envoy",
            **mesh_status_kwargs,
        )
    return kmesh


async def a_dict_changed_before_it_is_spread(service):
    pods_task = asyncio.create_task(pods_for_service())
    kwargs = dict(service=service, pods_task=pods_task)
    kwargs["pods_task"] = asyncio.sleep(1)
    return await mesh_status(service_mesh="envoy", **kwargs)
