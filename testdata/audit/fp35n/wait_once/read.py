# The done set is read: each task's result is looked at (retrieved).
import asyncio


async def task(name):
    await asyncio.sleep(1)


loop = asyncio.get_event_loop()
jobs = []
for name in ["a", "b"]:
    jobs.append(asyncio.ensure_future(task(name)))
done, _ = loop.run_until_complete(asyncio.wait(jobs))
for t in done:
    t.result()
