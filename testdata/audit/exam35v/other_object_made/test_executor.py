import asyncio
import functools

from executor import Executor


def _make_executor() -> Executor:
    return Executor()


def _make_unannotated():
    return Executor()


@functools.lru_cache
def _make_cached() -> Executor:
    return Executor()


class Factory:
    def make(self):
        return object()


def make() -> Executor:
    return Executor()


async def test_close():
    ex = _make_executor()
    ex._task = asyncio.create_task(ex._worker())
    await ex.close()


async def test_unannotated():
    """Near miss: the function says nothing of what it returns (none, medium, as before)."""
    ex = _make_unannotated()
    ex._task = asyncio.create_task(ex._worker())
    await ex.close()


async def test_decorated():
    """Near miss: a decorator may return anything (none, medium, as before)."""
    ex = _make_cached()
    ex._task = asyncio.create_task(ex._worker())
    await ex.close()


async def test_method(factory: Factory):
    """Near miss: `factory.make()` is a method, not the module's `make` (none, as before)."""
    ex = factory.make()
    ex._task = asyncio.create_task(ex._worker())
    await ex.close()
