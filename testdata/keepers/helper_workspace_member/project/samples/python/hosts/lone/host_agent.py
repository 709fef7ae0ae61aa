import asyncio

from remote_agent_connection import RemoteAgentConnections


class HostAgent:
    def __init__(self, addresses: list[str]) -> None:
        self.connections = RemoteAgentConnections()
        loop = asyncio.get_running_loop()
        loop.create_task(self.init_remote_agents(addresses))

    async def init_remote_agents(self, addresses: list[str]) -> None:
        for address in addresses:
            await self.connections.connect(address)
