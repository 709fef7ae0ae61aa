"""Near miss: a subclass in the file may be what the mapping holds, and its `close` awaits."""
import asyncio

from app.monitor import Monitor


class Slow(Monitor):
    async def close(self) -> None:
        await asyncio.sleep(1)


class Owner:
    def __init__(self) -> None:
        self._monitors: dict[str, Monitor] = {}

    def drop(self, label: str) -> None:
        asyncio.create_task(self._close_monitor(label))

    async def _close_monitor(self, label: str) -> None:
        monitor = self._monitors.pop(label, None)
        await monitor.close()
