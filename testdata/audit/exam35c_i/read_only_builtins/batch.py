import asyncio


async def run_batch(inputs):
    tasks = [asyncio.create_task(work(x)) for x in inputs]
    task_indices = {task: i for i, task in enumerate(tasks)}
    results = [None] * len(tasks)
    done, pending = await asyncio.wait(tasks)
    for task in done:
        results[task_indices[task]] = task.result()
    return results


async def cancel_all(inputs):
    tasks = [asyncio.create_task(work(x)) for x in inputs]
    print("started", len(tasks), any(t.done() for t in tasks))
    await asyncio.sleep(1)
    for task in reversed(tasks):
        task.cancel()


async def counted(inputs):
    first = asyncio.create_task(work(inputs[0]))
    print(sorted([first], key=id), sum(1 for _ in zip([first], inputs)))
    first.cancel()


async def work(x):
    return x


async def polled(client, n):
    futures = []
    while len(futures) < n:
        futures.append(asyncio.create_task(client.get("/")))
    for i, fut in enumerate(futures):
        while not fut.done():
            await asyncio.sleep(0.1)
        print(i, fut.result())
