import asyncio


async def gather_candidates(protocols, timeout=5):
    candidates = []
    tasks = []
    for protocol in protocols:
        tasks.append(asyncio.create_task(query(protocol)))
    if len(tasks):
        done, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in done:
            if task.exception() is None:
                candidates.append(task.result())
        for task in pending:
            task.cancel()
    return candidates


async def gather_and_drain(protocols, timeout=5):
    tasks = [asyncio.create_task(query(p)) for p in protocols]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [t.result() for t in done]


async def query(protocol):
    return protocol
