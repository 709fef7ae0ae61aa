"""elite-trading-system's `GPUTelemetryDaemon` (services/gpu_telemetry.py:212), cut down:
`start` stores its loop's task on the daemon and returns; it never awaits."""
import asyncio
import logging

logger = logging.getLogger(__name__)


class Daemon:
    def __init__(self, message_bus=None):
        self._bus = message_bus
        self._task = None

    async def start(self) -> None:
        try:
            from app.services import config

            if not config.ENABLED:
                return
        except Exception:
            pass
        self._task = asyncio.create_task(self._collect_loop())
        logger.info("started")

    async def _collect_loop(self):
        while True:
            await asyncio.sleep(3)


class Loud:
    async def start(self) -> None:
        await asyncio.sleep(1)
