import asyncio


class Pipe:
    def __init__(self):
        self._callbacks = []
        self._tasks = set()

    def on_end(self, callback):
        """Calls `callback` when the pipe ends."""
        self._callbacks.append(callback)

    def track(self, task):
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def end(self):
        for callback in self._callbacks:
            callback()

    def drive(self, coroutine):
        # The pipe keeps the task's bound `cancel`, which holds the task (`m.__self__`).
        task = asyncio.create_task(coroutine)
        self.on_end(task.cancel)


def run_driving_pipe(pipe, coroutine):
    # aiocoap's pipe: what `pipe.on_interest_end` does is not resolved (its class is not
    # known here): unknown, and the evidence names the call.
    task = asyncio.create_task(coroutine)
    pipe.on_interest_end(task.cancel)


def later(loop, coroutine):
    task = asyncio.create_task(coroutine)
    loop.call_later(5, task.cancel)


def private(holder, coroutine):
    # A private attribute is no method of asyncio's Task: not followed.
    task = asyncio.create_task(coroutine)
    holder.keep(task._coro)


def rebound_by_a_loop(holder, coroutines):
    # `for task in ...` binds the name again: the bound method read after it is another
    # task's, not this one's (tornado's locks_test).
    task = asyncio.ensure_future(coroutines[0])
    task.done()
    for task in coroutines:
        holder.keep(task.result)


async def rebound_by_a_loop_unread(holder, coroutines):
    # Bound again by the loop before any read: lost (risk high), but `check` says nothing: the
    # `rebound` kind fixes an assignment only.
    task = asyncio.ensure_future(coroutines[0])
    for task in coroutines:
        holder.keep(task.result)
