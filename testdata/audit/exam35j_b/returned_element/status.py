import asyncio
from collections import defaultdict
from typing import DefaultDict, Dict, List


async def get_pod_status(pod) -> dict:
    await asyncio.sleep(1)
    return {"pod": pod}


async def tasks_by_replicaset(pods) -> Dict[str, List["asyncio.Future[dict]"]]:
    by_replicaset: DefaultDict[
        str, List["asyncio.Future[dict]"]
    ] = defaultdict(list)
    for pod in pods:
        task = asyncio.create_task(get_pod_status(pod))
        by_replicaset[pod.owner].append(task)
    # The caller owns the new dict of lists, as it would a returned task.
    return by_replicaset


class Registry:
    def __init__(self):
        self.by_owner: DefaultDict[str, list] = defaultdict(list)

    def add(self, pod):
        # An element of an attribute's container: the object keeps it, nothing returns it.
        self.by_owner[pod.owner].append(asyncio.create_task(get_pod_status(pod)))
