import asyncio


class Registration:
    def __init__(self, lifetime):
        self.lifetime = lifetime
        self.timeout = None

    def _set_timeout(self):
        self.timeout = asyncio.create_task(asyncio.sleep(self.lifetime))

    def delete(self):
        self.timeout.cancel()
