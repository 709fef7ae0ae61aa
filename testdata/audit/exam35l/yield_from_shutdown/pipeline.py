import asyncio


class Pipeline:
    # wpull's `Pipeline`: a generator-based coroutine's shutdown waits for the producer task
    # with `yield from`, which is `await` (`Future.__iter__`).
    def __init__(self, producer):
        self._producer = producer
        self._producer_task = None

    @asyncio.coroutine
    def process(self):
        self._producer_task = asyncio.get_event_loop().create_task(self._run_producer())
        yield from asyncio.sleep(1)
        yield from self._shutdown_processing()

    @asyncio.coroutine
    def _shutdown_processing(self):
        self._producer.stop()
        yield from self._producer_task

    @asyncio.coroutine
    def _run_producer(self):
        yield from self._producer.process()
