import asyncio
from asyncio import create_task
from unittest import IsolatedAsyncioTestCase

from pkg.helper import Helper
from pkg.near import LibraryBased, ProjectBased, Slow
from pkg.store import Store

store = Store()


class HelperTests(IsolatedAsyncioTestCase):
    def setUp(self) -> None:
        self.helper = Helper()
        self.project = ProjectBased()
        self.library = LibraryBased()
        self.slow = Slow()

    async def asyncTearDown(self) -> None:
        # exam35u's bubblejail test/test_helper.py:68: `Helper`'s base is
        # `collections.abc.Awaitable[bool]`, and its own `stop_async` has no await.
        create_task(self.helper.stop_async())
        asyncio.create_task(store.flush())
        # Near misses: a base of the project, a library's base, a subclass that awaits.
        create_task(self.project.stop_async())
        create_task(self.library.stop_async())
        create_task(self.slow.stop_async())
        await self.helper

    def annotated(self, helper: Helper) -> None:
        # Only annotated: a subclass the annotation admits may override `stop_async`.
        create_task(helper.stop_async())
