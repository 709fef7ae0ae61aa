class RemoteAgentConnections:
    async def connect(self, address: str) -> None:
        print("connected", address)
