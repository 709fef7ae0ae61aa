import asyncio


class Registration:
    def __init__(self):
        self.params = {}
        self.timeout = None

    def update(self, params, is_initial=False):
        self.params.update(params)
        if is_initial:
            self._set_timeout()

    def _set_timeout(self):
        self.timeout = asyncio.create_task(asyncio.sleep(60))

    def delete(self):
        self.timeout.cancel()
