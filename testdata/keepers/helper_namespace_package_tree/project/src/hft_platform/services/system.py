import asyncio

from hft_platform.services.bootstrap import SystemBootstrapper


class HFTSystem:
    def __init__(self) -> None:
        self.parts = SystemBootstrapper().build()

    def stop(self) -> None:
        asyncio.create_task(self.stop_async())

    async def stop_async(self) -> None:
        pass
