import asyncio
import sys

from typing import Any, Optional

from ._background import keep_task


class ServableMixin:
    def servable(self, target: Optional[Any] = None):
        if target is not None:
            keep_task(asyncio.create_task(self._write(target)))
        return self

    async def _write(self, target: Any) -> None:
        await asyncio.sleep(1)
        sys.stdout.write(str(target))
