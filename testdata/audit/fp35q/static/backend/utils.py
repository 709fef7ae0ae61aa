import asyncio
import logging

logger = logging.getLogger(__name__)


def safe_create_task(coro, *, name=None):
    """Starts the task and logs its exception; keeps nothing."""
    task = asyncio.create_task(coro, name=name)

    def _done(t):
        if not t.cancelled() and t.exception():
            logger.error("background task failed", exc_info=t.exception())

    task.add_done_callback(_done)
    return task
