import asyncio
import traceback


class Server:
    def __init__(self):
        self._serve_tasks = {}
        self._pings = {}

    async def start_session(self, session):
        serve_task = asyncio.create_task(session.serve())
        self._serve_tasks[session] = serve_task
        serve_task.add_done_callback(
            lambda task: self._on_serve_task_done(session, task)
        )

    async def start_ping(self, session):
        ping = asyncio.create_task(session.ping())
        self._pings[session] = ping
        # The method it calls reads nothing of the task.
        ping.add_done_callback(lambda task: self._forget(session, task))

    def _on_serve_task_done(self, session, task):
        if not task.cancelled():
            error = task.exception()
            if error is not None:
                traceback.print_exception(type(error), error, error.__traceback__)
        if self._serve_tasks.get(session) is task:
            del self._serve_tasks[session]

    def _forget(self, session, task):
        if self._pings.get(session) is task:
            del self._pings[session]

    def session_closed(self, session):
        task = self._serve_tasks.get(session)
        if task is not None:
            task.cancel("closed")
        ping = self._pings.get(session)
        if ping is not None:
            ping.cancel()
