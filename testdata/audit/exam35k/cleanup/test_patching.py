import asyncio
import unittest


async def background():
    while True:
        await asyncio.sleep(1)


async def terminate_and_check_task(task):
    task.cancel()
    await task


def stop(task):
    task.cancel()


class TestBackground(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.background_task = asyncio.create_task(background())
        # The test's end awaits `terminate_and_check_task(self.background_task)`.
        self.addCleanup(terminate_and_check_task, self.background_task)

    async def test_it(self):
        await asyncio.sleep(1)


class TestStopped(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.background_task = asyncio.create_task(background())
        self.addAsyncCleanup(self.ended, self.background_task)
        self.other = asyncio.create_task(background())
        self.addCleanup(stop, self.other)

    async def ended(self, task):
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def test_it(self):
        await asyncio.sleep(1)
