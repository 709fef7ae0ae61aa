"""An interface whose implementations are the checked code's classes."""

from abc import ABC, abstractmethod


class BaseBroker(ABC):
    @abstractmethod
    async def disconnect(self) -> bool:
        """Disconnect from the broker."""
        pass

    @abstractmethod
    async def reconnect(self) -> bool:
        """Connect again."""

    async def close(self):
        """Subclasses fill it."""
        pass
