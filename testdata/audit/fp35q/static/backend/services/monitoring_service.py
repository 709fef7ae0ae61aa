import asyncio
import logging

logger = logging.getLogger(__name__)


class MetricsCollector:
    @staticmethod
    def increment_counter(name, value=1):
        logger.info("%s += %s", name, value)


class OCPPMetrics:
    """Counters only: no method suspends."""

    @staticmethod
    async def record_zero_energy_stopped(transaction_id, charger_id):
        MetricsCollector.increment_counter("ZeroEnergy/Stopped")

    @staticmethod
    async def record_billing_failed(transaction_id, reason):
        MetricsCollector.increment_counter("Billing/Failed")

    @classmethod
    async def record_swept(cls, count):
        MetricsCollector.increment_counter("Swept", count)

    @staticmethod
    async def flush():
        await asyncio.sleep(1)
