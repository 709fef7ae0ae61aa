"""apex-trading-system's `scripts/run_global_harness_v2.py:342`, cut down: the task closes a
monitor popped from a dict the class annotates, whose `close` (another module) never awaits."""
import asyncio
from typing import Any, Dict

from app.monitor import Based, Loud, Monitor


class Controller:
    def __init__(self) -> None:
        self._monitors: dict[str, Monitor] = {}
        self._by_get: Dict[str, Monitor] = {}
        self._by_key: dict[str, Monitor] = {}
        # Near misses' attributes: a method that awaits, a class with a base, no class.
        self._loud: dict[str, Loud] = {}
        self._based: dict[str, Based] = {}
        self._any: dict[str, Any] = {}

    def reconcile(self, stale: list[str]) -> None:
        for label in stale:
            asyncio.create_task(self._close_monitor(label))
            asyncio.create_task(self._close_got(label))
            asyncio.create_task(self._close_keyed(label))
            # Near misses, each still a drop.
            asyncio.create_task(self._close_loud(label))
            asyncio.create_task(self._close_based(label))
            asyncio.create_task(self._close_any(label))
            asyncio.create_task(self._close_defaulted(label))

    async def _close_monitor(self, label: str) -> None:
        monitor = self._monitors.pop(label, None)
        if monitor is None:
            return
        await monitor.close()

    async def _close_got(self, label: str) -> None:
        # Unguarded: a `None` raises at `.close` before anything suspends.
        monitor = self._by_get.get(label)
        await monitor.close()

    async def _close_keyed(self, label: str) -> None:
        monitor = self._by_key[label]
        await monitor.close()

    async def _close_loud(self, label: str) -> None:
        monitor = self._loud.pop(label, None)
        await monitor.close()

    async def _close_based(self, label: str) -> None:
        monitor = self._based.pop(label, None)
        await monitor.close()

    async def _close_any(self, label: str) -> None:
        monitor = self._any.pop(label, None)
        await monitor.close()

    async def _close_defaulted(self, label: str) -> None:
        monitor = self._monitors.pop(label, self)
        await monitor.close()

    async def close(self) -> None:
        await asyncio.sleep(1)
