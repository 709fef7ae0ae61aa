import asyncio
from typing import TypeVar

from remote_agent_connection import RemoteAgentConnections

_background_tasks: set[asyncio.Task[object]] = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Task[object]")


def _keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


class HostAgent:
    def __init__(self, addresses: list[str]) -> None:
        self.connections = RemoteAgentConnections()
        loop = asyncio.get_running_loop()
        _keep_task(loop.create_task(self.init_remote_agents(addresses)))

    async def init_remote_agents(self, addresses: list[str]) -> None:
        for address in addresses:
            await self.connections.connect(address)
