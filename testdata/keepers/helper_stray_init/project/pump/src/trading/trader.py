from core.client import SolanaClient


class PumpTrader:
    def __init__(self, url: str) -> None:
        self.client = SolanaClient(url)

    async def start(self) -> None:
        await self.client.close()
