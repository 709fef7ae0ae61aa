import asyncio


async def on_stall(transaction_id, charger_id):
    try:
        from services.monitoring_service import OCPPMetrics

        # Never suspends: the loop holds the task until its one step ends.
        asyncio.create_task(
            OCPPMetrics.record_zero_energy_stopped(
                transaction_id=transaction_id, charger_id=charger_id
            )
        )
        # Suspends: a drop.
        asyncio.create_task(OCPPMetrics.flush())
    except Exception:
        pass
