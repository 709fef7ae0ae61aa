import asyncio


def finalize(loop):
    for task in asyncio.all_tasks(loop):
        task.cancel()


def test_cancel_pending(monkeypatch):
    """apprise's shape: a lambda captures the locals and is handed on, but the frame itself
    reads them after: it holds each task at least until then."""
    loop = asyncio.new_event_loop()
    try:

        async def _noop():
            await asyncio.sleep(0)

        t1 = loop.create_task(_noop())
        t2 = loop.create_task(_noop())
        monkeypatch.setattr(asyncio, "all_tasks", lambda _: {t1, t2})
        finalize(loop)
        assert t1.cancelled()
        assert t2.cancelled()
    finally:
        loop.close()
