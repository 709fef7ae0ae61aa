"""A task that catches its cancellation to finish a write: the hook cancels it once and waits
for the write to finish (a second cancellation would cut it off)."""

import asyncio

from _support import App, collect_garbage, events, report, run

app = App()


async def write_through():
    try:
        await asyncio.get_event_loop().create_future()  # resolved by no one
    except asyncio.CancelledError:
        await asyncio.sleep(0.05)  # the write in flight
        events.append("write finished")


def start_writer():
    asyncio.ensure_future(write_through())


@app.on_event("shutdown")
async def shutdown():
    print("shutting down")


async def main():
    start_writer()
    await collect_garbage()
    await app.shut_down()
    events.append("shut down")


run(main())
report(globals(), ["write finished", "shut down"])
