import asyncio

from services.monitoring_service import OCPPMetrics
from utils import safe_create_task


async def settle(transaction_id):
    safe_create_task(OCPPMetrics.record_billing_failed(transaction_id, "no_tariff"))
    asyncio.create_task(OCPPMetrics.record_swept(3))
    safe_create_task(OCPPMetrics.flush())
