import asyncio

from pkg.helpers import run_coroutine


def test_run(fut):
    result = run_coroutine(asyncio.ensure_future(fut))
    assert result
