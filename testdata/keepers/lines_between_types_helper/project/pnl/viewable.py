import asyncio
import sys

from typing import Any, Optional


class ServableMixin:
    def servable(self, target: Optional[Any] = None):
        if target is not None:
            asyncio.create_task(self._write(target))
        return self

    async def _write(self, target: Any) -> None:
        await asyncio.sleep(1)
        sys.stdout.write(str(target))
