import asyncio


class Listener:
    def __init__(self):
        self.exception = None
        self.listen_task = None

    async def _listen(self):
        await asyncio.sleep(1)

    def start(self):
        self.listen_task = asyncio.get_running_loop().create_task(self._listen())
        self.listen_task.add_done_callback(self._finish)

    def _finish(self, sender):
        # The helper comes after the site: it is read in the class's text, not in the part of
        # the tree parsed around the site.
        try:
            self._task_finished()
        except asyncio.CancelledError:
            pass

    def _task_finished(self):
        try:
            self.listen_task.result()
        except Exception as e:
            self.exception = e


