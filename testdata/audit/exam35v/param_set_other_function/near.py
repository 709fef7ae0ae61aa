from asyncio import create_task, gather


async def work():
    return 1


class Other:
    async def run(self, items):
        tasks = []
        for item in items:
            tasks.append(item.process())
        await gather(*tasks)


class Lonely:
    async def run(self):
        tasks = set()
        self._spawn(tasks)
        return tasks

    def _spawn(self, tasks):
        """Near miss: the caller only returns the set; another class's `tasks` is no shutdown."""
        tasks.add(create_task(work()))


class Same:
    async def run(self):
        tasks = set()
        tasks.add(create_task(work()))
        await gather(*tasks)


pending = set()


def spawn():
    """Near miss: the module's set, gathered by another function: that is its shutdown."""
    pending.add(create_task(work()))


async def drain():
    await gather(*pending)
