"""A class whose quiet coroutine is defined far from the site: the file is parsed in parts."""

import asyncio


class Manager:
    def __init__(self) -> None:
        self.total = 0
        self.path = None

    async def save(self) -> None:
        if not self.path:
            return
        print(self.total, self.path)

    def tally(self) -> None:
        self.total += 0  # a long synchronous method between the two
        self.total += 1  # a long synchronous method between the two
        self.total += 2  # a long synchronous method between the two
        self.total += 3  # a long synchronous method between the two
        self.total += 4  # a long synchronous method between the two
        self.total += 5  # a long synchronous method between the two
        self.total += 6  # a long synchronous method between the two
        self.total += 7  # a long synchronous method between the two
        self.total += 8  # a long synchronous method between the two
        self.total += 9  # a long synchronous method between the two
        self.total += 10  # a long synchronous method between the two
        self.total += 11  # a long synchronous method between the two
        self.total += 12  # a long synchronous method between the two
        self.total += 13  # a long synchronous method between the two
        self.total += 14  # a long synchronous method between the two
        self.total += 15  # a long synchronous method between the two
        self.total += 16  # a long synchronous method between the two
        self.total += 17  # a long synchronous method between the two
        self.total += 18  # a long synchronous method between the two
        self.total += 19  # a long synchronous method between the two
        self.total += 20  # a long synchronous method between the two
        self.total += 21  # a long synchronous method between the two
        self.total += 22  # a long synchronous method between the two
        self.total += 23  # a long synchronous method between the two
        self.total += 24  # a long synchronous method between the two
        self.total += 25  # a long synchronous method between the two
        self.total += 26  # a long synchronous method between the two
        self.total += 27  # a long synchronous method between the two
        self.total += 28  # a long synchronous method between the two
        self.total += 29  # a long synchronous method between the two
        self.total += 30  # a long synchronous method between the two
        self.total += 31  # a long synchronous method between the two
        self.total += 32  # a long synchronous method between the two
        self.total += 33  # a long synchronous method between the two
        self.total += 34  # a long synchronous method between the two
        self.total += 35  # a long synchronous method between the two
        self.total += 36  # a long synchronous method between the two
        self.total += 37  # a long synchronous method between the two
        self.total += 38  # a long synchronous method between the two
        self.total += 39  # a long synchronous method between the two

    def add(self) -> None:
        asyncio.create_task(self.save())
