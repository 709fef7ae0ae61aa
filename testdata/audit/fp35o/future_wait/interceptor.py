import asyncio
import unittest


class Interceptor:
    # python-snmp's `InterceptManager` (exam35n): the one suspension of `reply` waits on a
    # future `__init__` binds once; the future's done callbacks hold the waiting task.
    def __init__(self, loop):
        self.loop = loop
        self.future = loop.create_future()

    async def reply(self):
        value = await self.future
        print(value)

    def answer(self, value):
        self.future.set_result(value)


class Poller:
    # After the future it polls `asyncio.sleep(1)`: nothing holds the task there (pymud's
    # session dialogs that wait for a disconnect).
    def __init__(self):
        self.answered = asyncio.Future()

    async def wait_then_poll(self):
        await self.answered
        while True:
            await asyncio.sleep(1)


class Relay:
    # The attribute is bound again outside `__init__`: which future the task waits on, and
    # who holds it, is not the one binding's.
    def __init__(self, loop):
        self.reply_future = loop.create_future()

    def reset(self, loop):
        self.reply_future = loop.create_future()

    async def relay(self):
        await self.reply_future


class Follower:
    # It awaits a task, whose own waits may be on what nothing holds.
    def __init__(self):
        self.leader = asyncio.create_task(asyncio.sleep(1))

    async def follow(self):
        await self.leader


def main(loop):
    interceptor = Interceptor(loop)
    loop.create_task(interceptor.reply())
    loop.call_later(1, interceptor.answer, 1)
    poller = Poller()
    asyncio.ensure_future(poller.wait_then_poll())
    relay = Relay(loop)
    loop.create_task(relay.relay())
    follower = Follower()
    asyncio.ensure_future(follower.follow())
    loop.run_until_complete(asyncio.sleep(2))


def hand(interceptor):
    # A parameter may be any object whose `reply` suspends anywhere.
    asyncio.ensure_future(interceptor.reply())


class InterceptTest(unittest.TestCase):
    class Intercept:
        # The same as a class of the test: `self.Intercept(...)`, a local of the running test.
        def __init__(self, loop):
            self.pending = loop.create_future()

        async def async_reply(self):
            handle = await self.pending
            handle.close()

    def setUp(self):
        self.loop = asyncio.new_event_loop()

    def test_reply(self):
        interceptor = self.Intercept(self.loop)
        self.loop.create_task(interceptor.async_reply())
        self.loop.run_until_complete(asyncio.sleep(1))
