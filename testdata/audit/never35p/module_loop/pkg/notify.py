import asyncio

from .shared import LOOP, OTHER


class Notifier:
    def set_ids(self):
        # `LOOP` is `shared`'s loop: the statement drops the task.
        LOOP.create_task(self._set_ids())

    def set_other(self):
        # `OTHER` is bound twice in `shared`: not known to be a loop, no site.
        OTHER.create_task(self._set_ids())

    async def _set_ids(self):
        await asyncio.sleep(1)
