import asyncio
import contextlib
from contextlib import contextmanager


@contextlib.asynccontextmanager
async def stopped_at_exit(task):
    """Yield the task; at the block's exit cancel it and wait for it."""
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


@contextlib.asynccontextmanager
async def cancelled_at_exit(task):
    """Cancel only: the task may still be pending after the block."""
    try:
        yield task
    finally:
        task.cancel()


@contextlib.asynccontextmanager
async def awaited_after(task):
    """The statements after a bare yield do not run when the block raises."""
    yield task
    await task


@contextmanager
def watched(task):
    try:
        yield task
    finally:
        print(task.done())
