import asyncio

from google.cloud import pubsub_v1


class StreamingPull:
    # fastpubsub's `_on_message`: the method is only ever handed to the library as a callback,
    # never called here. Whoever calls it gets the task, and what it does with it the checked
    # code does not show: unknown, not "its caller holds it".
    def __init__(self, subscription):
        self.subscription = subscription
        self.loop = asyncio.get_running_loop()
        self.client = pubsub_v1.SubscriberClient()
        self.future = None

    def start(self):
        self.future = self.client.subscribe(self.subscription, callback=self._on_message)

    def _on_message(self, message):
        return self.loop.create_task(self._consume(message))

    async def _consume(self, message):
        await asyncio.sleep(1)
        message.ack()


class Spawner:
    # Called, and what it returns kept: the caller holds it.
    def __init__(self):
        self.tasks = set()

    def run(self):
        task = self._spawn()
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _spawn(self):
        return asyncio.create_task(self._work())

    async def _work(self):
        await asyncio.sleep(1)
