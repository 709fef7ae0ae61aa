import asyncio

from hft_platform.core import timebase
from hft_platform.events import TickEvent
from hft_platform.services._background import keep_task

from ._md_ingestion import IngestionMixin


class MarketDataService(IngestionMixin):
    def on_tick(self, event: TickEvent) -> None:
        self.last = timebase.now_ns()
        keep_task(asyncio.create_task(self._publish(event)))
