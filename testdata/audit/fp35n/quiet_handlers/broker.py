import asyncio
import logging

log = logging.getLogger(__name__)


class Broker:
    # MythosMUD's NATS callbacks: the coroutine is bound to a local first, and the handler's
    # only words "async" are in its log messages. It never suspends: kept, no finding.
    def __init__(self):
        self._running = True

    def _error_callback(self, error):
        coro = self._handle_error_async(error)
        try:
            asyncio.create_task(coro)
        except RuntimeError:
            coro.close()
            log.error("NATS error occurred: %s", error)

    def _disconnected_callback(self):
        asyncio.create_task(self._handle_disconnect_async())

    async def _handle_error_async(self, error):
        try:
            log.error("NATS error occurred: %s", error)
        except Exception as e:
            log.error("Error in async error handler: %s", e)

    async def _handle_disconnect_async(self):
        try:
            log.warning("Disconnected from NATS")
            self._running = False
        except Exception as e:
            log.error("Error in async disconnect handler: %s", e)

    # The local is bound twice, once to a coroutine that suspends: the drop stays.
    def _reconnected_callback(self, retry):
        coro = self._handle_disconnect_async()
        if retry:
            coro.close()
            coro = self._reconnect_async()
        asyncio.create_task(coro)

    async def _reconnect_async(self):
        await asyncio.sleep(1)
        log.info("Reconnected (async)")
