import asyncio


class Agent:
    def __init__(self):
        self._rest_tasks = set()
        self._message_tasks = set()
        self._interval_tasks = set()

    def start_interval(self, coro):
        task = asyncio.create_task(coro)
        self._interval_tasks.add(task)
        task.add_done_callback(self._interval_tasks.discard)

    def handle_message(self, coro):
        handler_task = asyncio.create_task(coro)
        self._message_tasks.add(handler_task)
        handler_task.add_done_callback(self._message_tasks.discard)

    def handle_rest(self, coro):
        task = asyncio.create_task(coro)
        self._rest_tasks.add(task)
        task.add_done_callback(self._rest_tasks.discard)

    async def _shutdown(self):
        for task in self._interval_tasks:
            task.cancel()
        all_handler_tasks = list(
            self._rest_tasks | self._message_tasks | self._interval_tasks
        )
        if all_handler_tasks:
            await asyncio.wait_for(
                asyncio.gather(*all_handler_tasks, return_exceptions=True), timeout=5
            )


class Bureau:
    def __init__(self):
        self._rest_tasks = set()
        self._more = set()
        self._timers = set()

    def start(self, coro):
        task = asyncio.create_task(coro)
        self._rest_tasks.add(task)
        task.add_done_callback(self._rest_tasks.discard)

    def add(self, coro):
        task = asyncio.create_task(coro)
        self._more.add(task)
        task.add_done_callback(self._more.discard)

    def time(self, coro):
        task = asyncio.create_task(coro)
        self._timers.add(task)
        task.add_done_callback(self._timers.discard)

    async def stop(self):
        # `set().union(...)` is the same union; `_timers` is joined with a call, no holder,
        # which proves nothing of it.
        pending = set().union(self._rest_tasks, self._more)
        await asyncio.gather(*pending, return_exceptions=True)
        others = self._timers | extra_tasks()
        await asyncio.gather(*others, return_exceptions=True)


def extra_tasks():
    return set()
