import asyncio


class Switcher:
    """Every cancel makes room for a new task: no shutdown."""

    def __init__(self):
        self._tasks: dict[int, asyncio.Task] = {}

    def on_message(self, flow, kind):
        flow_id = id(flow)
        if kind == "start":
            self._tasks[flow_id] = asyncio.create_task(self._push(flow))
        elif kind == "switch":
            if flow_id in self._tasks:
                self._tasks[flow_id].cancel()
            self._tasks[flow_id] = asyncio.create_task(self._push(flow))

    async def _push(self, flow):
        await asyncio.sleep(1)


class LoopElse:
    """A loop's `else:` runs after the cancel in its body: still a replace."""

    def __init__(self):
        self._tasks: dict[int, asyncio.Task] = {}

    def on_message(self, flows):
        for flow_id in flows:
            self._tasks[flow_id] = asyncio.create_task(self._push())
        for flow_id in flows:
            if flow_id in self._tasks:
                self._tasks[flow_id].cancel()
        else:
            for flow_id in flows:
                self._tasks[flow_id] = asyncio.create_task(self._push())

    async def _push(self):
        await asyncio.sleep(1)


class Other:
    """The subscript cancelled is another holder's."""

    def __init__(self):
        self._tasks: dict[int, asyncio.Task] = {}
        self._timers: dict[int, asyncio.Task] = {}

    def on_message(self, flow, kind):
        flow_id = id(flow)
        if kind == "start":
            self._tasks[flow_id] = asyncio.create_task(self._push(flow))
        elif kind == "stop":
            if flow_id in self._timers:
                self._timers[flow_id].cancel()

    async def _push(self, flow):
        await asyncio.sleep(1)
