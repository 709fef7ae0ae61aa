"""A method on the object itself (`self.m()`) whose only awaits are `put`s on unbounded asyncio
queues bound once in `__init__` never suspends, as one with no `await` does: the file proves
no drop (a subclass in another file may still override `m`), so `check` is silent and the
audit says `unknown`. The queue's class is read through the module's imports (`from asyncio
import Queue`). A bounded queue's `put` may wait: that drop stays (and every `m` of the file's
classes must be quiet, so the bounded one has another name here)."""

from asyncio import Event, Queue, create_task, sleep


class ClipboardMonitor(Base):
    def __init__(
        self,
        parameter: "Parameter",
    ):
        super().__init__(parameter)
        self.event = Event()
        self.queue_dy = Queue()
        self.queue_tk = Queue()

    async def check_clipboard(self, delay=1):
        while not self.event.is_set():
            create_task(self.check_link(self.paste()))
            await sleep(delay)

    async def check_link(
        self,
        text: str,
    ):
        for i in text.split():
            if "douyin" in i:
                self.console.debug(i)
                await self.queue_dy.put(i)
            elif "tiktok" in i:
                await self.queue_tk.put(i)


class BoundedMonitor(Base):
    def __init__(self):
        super().__init__()
        self.event = Event()
        self.queue = Queue(maxsize=1)

    async def watch(self, delay=1):
        while not self.event.is_set():
            create_task(self.check_text(self.paste()))
            await sleep(delay)

    async def check_text(self, text):
        for i in text.split():
            await self.queue.put(i)
