DONE = []


async def work(name):
    DONE.append(name)
