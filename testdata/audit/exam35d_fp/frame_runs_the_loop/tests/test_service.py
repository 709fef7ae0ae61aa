import asyncio
import unittest

from pkg.testutils import maybe_run, run_coroutine


class TestService(unittest.TestCase):
    def test_fires_event(self):
        # The loop runs only inside `run_coroutine`, while this frame holds `task`.
        task = asyncio.ensure_future(self.before_established())
        run_coroutine(asyncio.sleep(0.01))
        self.assertTrue(True)

    def test_maybe_runs(self):
        # `maybe_run` may return before it runs the loop: still a drop.
        task = asyncio.ensure_future(self.before_established())
        maybe_run(asyncio.sleep(0.01))

    def test_runs_before(self):
        run_coroutine(asyncio.sleep(0.01))
        # Made after the loop ran: nothing runs it while the frame holds it.
        task = asyncio.ensure_future(self.before_established())

    async def before_established(self):
        await asyncio.sleep(1)


async def starter(stream):
    # A coroutine that returns while the task runs: a drop.
    sm_start_future = asyncio.ensure_future(stream.start())
    run_coroutine(asyncio.sleep(0.01))
