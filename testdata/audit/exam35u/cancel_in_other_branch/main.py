import asyncio


class Pusher:
    """A stop that cancels through the subscript, and a switch that cancels then starts anew."""

    def __init__(self):
        self._tasks: dict[int, asyncio.Task] = {}

    def on_message(self, flow, kind):
        flow_id = id(flow)
        if kind == "start":
            if flow_id not in self._tasks or self._tasks[flow_id].done():
                task = asyncio.create_task(self._push(flow))
                self._tasks[flow_id] = task
        elif kind == "stop":
            if flow_id in self._tasks:
                self._tasks[flow_id].cancel()
                del self._tasks[flow_id]
        elif kind == "switch":
            if flow_id in self._tasks:
                self._tasks[flow_id].cancel()
                del self._tasks[flow_id]
            task = asyncio.create_task(self._push(flow))
            self._tasks[flow_id] = task

    async def _push(self, flow):
        while True:
            await asyncio.sleep(1)
