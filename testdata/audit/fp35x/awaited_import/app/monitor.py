"""apex-trading-system's `AlphaDecayMonitor` (quant_system/analytics/alpha_monitor.py:71), cut
down: `close` unsubscribes without an await."""
import logging

logger = logging.getLogger(__name__)


class Monitor:
    def __init__(self, bus):
        self._bus = bus
        self._subscriptions = (bus.subscribe("bar"),)

    async def close(self) -> None:
        for subscription in self._subscriptions:
            self._bus.unsubscribe(subscription)


class Loud:
    async def close(self) -> None:
        await self._flush()

    async def _flush(self):
        pass


class Base:
    pass


class Based(Base):
    async def close(self) -> None:
        logger.info("closed")
