"""Audit class 4 (AutoRecon `run`, `scan_target`): `while pending: done, pending = await
asyncio.wait(pending, FIRST_COMPLETED, timeout=1)` waits until `pending` is empty, so the
`for task in pending: task.cancel()` after that loop never finds a task. A done set that is
dropped, or iterated only to test membership and take the task out (`if task in pending:
pending.remove(task)`), reads no task's outcome: not-retrieved. A done set whose tasks'
`result()` is read retrieves them; a loop that may `break` leaves its tasks pending."""

import asyncio


async def scan(target):
    await asyncio.sleep(1)
    return target


async def report(target):
    await asyncio.sleep(1)


async def scan_target(targets, reports, late):
    pending = set()
    for target in targets:
        pending.add(asyncio.create_task(scan(target)))

    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED, timeout=1)
        if late():
            break
        for task in done:
            print(task.result())

    for target in reports:
        pending.add(asyncio.create_task(report(target)))

    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED, timeout=1)

    for task in pending:
        task.cancel()


async def run(targets, reports):
    pending = []
    for target in targets:
        pending.append(asyncio.create_task(scan(target)))

    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED, timeout=1)
        for task in done:
            if targets:
                pending.add(asyncio.create_task(scan(targets.pop(0))))
            if task in pending:
                pending.remove(task)

    for target in reports:
        pending.add(asyncio.create_task(report(target)))

    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED, timeout=1)


async def stopped_early(targets, stop):
    pending = set()
    for target in targets:
        pending.add(asyncio.create_task(scan(target)))

    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED, timeout=1)
        if stop():
            break

    for task in pending:
        task.cancel()
