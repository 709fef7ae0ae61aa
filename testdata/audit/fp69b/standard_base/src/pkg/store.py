import abc
import typing as t

T = t.TypeVar("T")


class Store(t.Generic[T], abc.ABC):
    def __init__(self) -> None:
        self.items: list[T] = []

    async def flush(self) -> None:
        self.items.clear()
