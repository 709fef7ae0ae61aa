"""asysocks' generators (exam35g, class 1): a method on `self` whose awaits are `put` on an
unbounded queue of `self`, `asyncio.sleep(0)`, and `run(...)` of the elements of a list of
`self`, where every element this file adds is made by a plain class of the module whose `run`
awaits only `put` on the queue it is handed and `sleep(0)`. The ready queue holds such a task to
its end, but a subclass may override the method and another module may add other elements: the
audit says unknown, and `check` is silent. A bounded queue, an element that waits, an element
class with a base, a list that is also extended, a loop target bound again, and an element whose
own private queue is bounded stay drops."""

import asyncio


class FileGen:
    def __init__(self, name):
        self.name = name

    async def run(self, target_q):
        count = 0
        with open(self.name) as lines:
            for line in lines:
                await target_q.put(line.strip())
                await asyncio.sleep(0)
                count += 1
        return count


class ListGen:
    def __init__(self, items):
        self.items = items

    async def run(self, target_q):
        for item in self.items:
            await target_q.put(item)
            await asyncio.sleep(0)
        return len(self.items)


class SlowGen:
    def __init__(self, items):
        self.items = items

    async def run(self, target_q):
        for item in self.items:
            await target_q.put(item)
            await asyncio.sleep(1)


class Base:
    pass


class BasedGen(Base):
    async def run(self, target_q):
        await target_q.put(None)


class Brute:
    def __init__(self):
        self.gens = []
        self.__queue = None

    async def __generate(self):
        for gen in self.gens:
            await gen.run(self.__queue)
        await self.__queue.put(None)

    async def run(self):
        self.__queue = asyncio.Queue()
        asyncio.create_task(self.__generate())
        while await self.__queue.get() is not None:
            pass


class Bounded:
    def __init__(self):
        self.bounded_gens = []

    async def __fill(self):
        for gen in self.bounded_gens:
            await gen.run(self.__small)

    async def run(self):
        self.__small = asyncio.Queue(10)
        asyncio.create_task(self.__fill())
        await self.__small.get()


class Slow:
    def __init__(self):
        self.slow_gens = []
        self.__queue = asyncio.Queue()

    async def __feed(self):
        for gen in self.slow_gens:
            await gen.run(self.__queue)

    async def run(self):
        asyncio.create_task(self.__feed())
        await self.__queue.get()


class Based:
    def __init__(self):
        self.based_gens = []
        self.__queue = asyncio.Queue()

    async def __push(self):
        for gen in self.based_gens:
            await gen.run(self.__queue)

    async def run(self):
        asyncio.create_task(self.__push())
        await self.__queue.get()


class Extended:
    def __init__(self):
        self.more_gens = []
        self.__queue = asyncio.Queue()

    async def __pour(self):
        for gen in self.more_gens:
            await gen.run(self.__queue)

    async def run(self):
        asyncio.create_task(self.__pour())
        await self.__queue.get()


class Rebound:
    def __init__(self):
        self.other_gens = []
        self.__queue = asyncio.Queue()

    async def __spill(self):
        for gen in self.other_gens:
            gen = gen.wrapped
            await gen.run(self.__queue)

    async def run(self):
        asyncio.create_task(self.__spill())
        await self.__queue.get()


class BufferedGen:
    def __init__(self):
        self.__queue = asyncio.Queue(1)

    async def run(self, target_q):
        await self.__queue.put(None)
        await target_q.put(None)


class Buffer:
    def __init__(self):
        self.buffered_gens = []
        self.__queue = asyncio.Queue()

    async def __drain(self):
        for gen in self.buffered_gens:
            await gen.run(self.__queue)

    async def run(self):
        asyncio.create_task(self.__drain())
        await self.__queue.get()


def main(names, more):
    brute = Brute()
    for name in names:
        brute.gens.append(FileGen(name))
    brute.gens.append(ListGen(names))
    if len(brute.gens) == 0:
        return
    bounded = Bounded()
    bounded.bounded_gens.append(ListGen(names))
    slow = Slow()
    slow.slow_gens.append(ListGen(names))
    slow.slow_gens.append(SlowGen(names))
    based = Based()
    based.based_gens.append(BasedGen())
    extended = Extended()
    extended.more_gens.append(ListGen(names))
    extended.more_gens.extend(more)
    rebound = Rebound()
    rebound.other_gens.append(ListGen(names))
    buffer = Buffer()
    buffer.buffered_gens.append(BufferedGen())
    for scanner in (brute, bounded, slow, based, extended, rebound, buffer):
        asyncio.run(scanner.run())
