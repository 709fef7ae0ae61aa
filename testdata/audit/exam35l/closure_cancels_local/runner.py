import asyncio


class Runner:
    # molotov's `Runner._process`: the killer task is read only in the nested `_stop`, which the
    # function hands to the workers' done callbacks: `_stop`'s cancel is the function's own.
    def __init__(self, loop, duration):
        self.loop = loop
        self.duration = duration

    def _process(self, workers):
        if self.duration:

            async def _duration_killer():
                await asyncio.sleep(self.duration)
                self._shutdown()

            _duration_killer = asyncio.ensure_future(_duration_killer())
        else:
            _duration_killer = None

        def _stop(cb):
            if _duration_killer is not None:
                if not _duration_killer.done():
                    _duration_killer.cancel()

        workers.add_done_callback(_stop)
        self.loop.run_until_complete(workers)

    def _shutdown(self):
        pass


def keeps_the_closure(loop):
    # A closure returned to the caller: what it does with the task is the caller's to decide.
    task = asyncio.ensure_future(asyncio.sleep(1))

    def stop():
        task.cancel()

    return stop


def on_subscribe(observer, Disposable):
    # A closure handed to a library's constructor (rsocket's `Disposable(dispose)`): whether
    # anything keeps it, and the task in it, is for that library to say.
    sender = asyncio.ensure_future(asyncio.sleep(1))

    def dispose():
        sender.cancel()

    return Disposable(dispose)
