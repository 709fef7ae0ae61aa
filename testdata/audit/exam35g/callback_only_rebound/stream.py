import asyncio
import logging
from collections.abc import Awaitable

log = logging.getLogger(__name__)


class Stream:
    def run_callback(self, callback, *args):
        try:
            f = callback(*args)
            if isinstance(f, Awaitable):
                f = asyncio.ensure_future(f)
            else:
                f = None
        except Exception:
            log.error("callback failed", exc_info=True)
            raise

        if f is not None:

            def _log_error(f):
                try:
                    f.result()
                except Exception:
                    log.error("callback failed", exc_info=True)

            f.add_done_callback(_log_error)

    def run_each(self, callbacks):
        f = None
        for callback in callbacks:
            if f is not None and not f.done():
                self.keep(f)
            f = asyncio.ensure_future(callback())
            f.add_done_callback(print)

    def keep(self, f):
        self.kept = f
