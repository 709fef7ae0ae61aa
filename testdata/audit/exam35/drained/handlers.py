import asyncio
from collections import deque


class Handler:
    async def reader_loop(self, stream):
        running_tasks = deque()
        while True:
            while running_tasks and running_tasks[0].done():
                running_tasks.popleft()
            packet = await stream.read()
            if packet is None:
                break
            task = asyncio.create_task(self.handle(packet))
            if task:
                running_tasks.append(task)
        while running_tasks:
            running_tasks.popleft().cancel()

    async def handle(self, packet):
        await asyncio.sleep(0)


class Session:
    def __init__(self):
        self._idle_timers = {}

    def unsubscribe(self, topic):
        self._idle_timers[topic] = asyncio.create_task(self._idle(topic))

    def subscribe(self, topic):
        if idle_timer := self._idle_timers.pop(topic, None):
            idle_timer.cancel()

    async def _idle(self, topic):
        await asyncio.sleep(60)

    async def close(self):
        tasks = [task for task in [*self._idle_timers.values()] if task]
        self._idle_timers.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class Buttons:
    def __init__(self):
        self._workaround_tasks = {}

    def on_press(self, button):
        task = self._workaround_tasks.pop(button, None)
        if task and not task.done():
            task.cancel()
        self._workaround_tasks[button] = asyncio.create_task(self._long_press(button))

    async def _long_press(self, button):
        await asyncio.sleep(1)


class Producer:
    def __init__(self):
        self.stopped = False
        self._push_events_task = None

    async def setup(self):
        self._push_events_task = asyncio.create_task(self.push_events())

    async def on_thread_stop(self):
        self.stopped = True
        if self._push_events_task is not None:
            while not self._push_events_task.done():
                await asyncio.sleep(0.1)

    async def push_events(self):
        while not self.stopped:
            await asyncio.sleep(1)
