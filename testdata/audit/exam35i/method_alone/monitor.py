"""Class 10 of exam35i, row 16 (TikTokDownloader `ClipboardMonitor.check_link`): the one task
site of the file, whose coroutine `self.check_link(c)` only puts on an unbounded asyncio queue.
The file is parsed only around its sites, so the site's tree holds no `def check_link`; the
classes of the checked code are read for the method detection proved quiet, and none derives
from `ClipboardMonitor`: kept, as `check` is silent (it said `unknown` while the override
reading looked for the method in that tree)."""

from asyncio import Event, Queue, create_task, sleep

from .terminal import Terminal


class ClipboardMonitor(Terminal):
    def __init__(self, parameter):
        super().__init__(parameter)
        self.event_clipboard = Event()
        self.clipboard_cache = ""
        self.queue_dy = Queue()

    async def check_clipboard(self, delay=1):
        while not self.event_clipboard.is_set():
            if (c := self.paste()) != self.clipboard_cache:
                self.clipboard_cache = c
                create_task(self.check_link(c))
            await sleep(delay)

    async def check_link(self, text):
        for i in text.split():
            await self.queue_dy.put(i)

    async def deal_tasks(self, delay=1):
        while not self.event_clipboard.is_set():
            link = await self.queue_dy.get()
            await self.download(link)
            await sleep(delay)
