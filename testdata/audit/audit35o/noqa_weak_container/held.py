import asyncio
import weakref

_running = weakref.WeakSet()


async def work():
    await asyncio.sleep(1)


async def main():
    # Silenced: the weak set holds nothing, so the task is dropped with no kind.
    _running.add(asyncio.create_task(work()))  # noqa: RUF006
    # The same, unsilenced: reported as weak-container.
    _running.add(asyncio.create_task(work()))
    # A strong set beside it keeps the task: kept, noqa or not.
    keep = set()
    keep.add(asyncio.create_task(work()))  # noqa: RUF006
    return keep


class Pool:
    def __init__(self):
        self._seen = weakref.WeakSet()
        self._strong = set()

    def start_local(self):
        # Through a local only the weak set reads, silenced: dropped with no kind.
        task = asyncio.create_task(work())  # noqa: RUF006
        self._seen.add(task)

    def start_kept(self):
        # Near miss: a strong set keeps it too.
        task = asyncio.create_task(work())  # noqa: RUF006
        self._seen.add(task)
        self._strong.add(task)
        task.add_done_callback(self._strong.discard)


def spawn_all(n):
    # The comprehension handed to a weak set, silenced: dropped with no kind.
    ws = weakref.WeakSet([asyncio.create_task(work()) for _ in range(n)])  # noqa: RUF006
    return len(ws)
