import asyncio


class Connection:
    def __init__(self):
        self.tasks = set()

    def connect(self, coro):
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        # A task that ends before the gather is taken out unread.
        task.add_done_callback(self.tasks.discard)


class Simulator:
    def __init__(self):
        self.websocket_tasks = []

    def websocket_connect(self, app):
        self.websocket_tasks.append(asyncio.create_task(app()))


class Pool:
    def __init__(self):
        self.tasks = []

    def start(self, coro):
        # No object shown to be a `Pool` is gathered: its shutdown stays `none`.
        self.tasks.append(asyncio.create_task(coro))
