# PyLinkbot3's snippets: a module-level list filled once and waited for by the loop running
# the wait below, whose done set is dropped: no exception is read (not-retrieved, risk low),
# and the list holds one batch.
import asyncio


async def move(robot):
    await asyncio.sleep(1)


tasks = []
for r in ["a", "b"]:
    tasks.append(asyncio.ensure_future(move(r)))

loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.wait(tasks))
loop.close()
