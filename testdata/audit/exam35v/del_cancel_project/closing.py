from cache import Closed


class ClosingCache(Closed):
    def close(self):
        self._cron.cancel()
