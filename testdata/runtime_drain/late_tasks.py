"""Tasks started while the shutdown hook drains the set: one by a task as it is cancelled (its
last flush), one by a late request. The hook waits for both before the application closes."""

import asyncio

from _support import App, collect_garbage, events, report, run, run_until_cancelled

app = App()
closed = False


def spawn(name):
    asyncio.ensure_future(run_until_cancelled(name))


async def consume():
    try:
        await asyncio.get_event_loop().create_future()  # resolved by no one
    except asyncio.CancelledError:
        await asyncio.sleep(0.05)  # the late request comes in meanwhile
        if not closed:  # nothing to flush to once the application has closed
            spawn("flush")
        raise


def late_request():
    if not closed:  # refused once the application has closed
        spawn("late request")


def start_consumer():
    asyncio.ensure_future(consume())


@app.on_event("shutdown")
async def shutdown():
    print("shutting down")


async def main():
    global closed
    start_consumer()
    await collect_garbage()
    asyncio.get_event_loop().call_later(0.02, late_request)
    await app.shut_down()
    closed = True
    events.append("shut down")


run(main())
# The tasks found in one round are cancelled in no particular order.
if events[-1:] == ["shut down"]:
    events[:-1] = sorted(events[:-1])
report(globals(), ["flush cancelled", "late request cancelled", "shut down"])
