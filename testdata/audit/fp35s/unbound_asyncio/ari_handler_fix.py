"""AsteriskARI-Bot's `ari_handler_fix.py`: lines to paste into a handler class. The module
never binds `asyncio`, so as written each `asyncio.` call raises `NameError` (which the
`except` logs) and makes no task: `check` says nothing, `audit` says unknown."""

import logging

logger = logging.getLogger(__name__)


class EnhancedRealTimeARIHandler:
    async def start(self):
        try:
            asyncio.create_task(self._listen_ari_events())
            logger.info("listening")
        except Exception as e:
            logger.error(f"start failed: {e}")

    async def _listen_ari_events(self):
        while True:
            await asyncio.sleep(1)
