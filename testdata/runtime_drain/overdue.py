"""A task that ignores its cancellation for longer than the drain's deadline (0.3 s in the
proofs): the hook stops waiting on time and logs one warning that names the task and its
coroutine. The task is cancelled again when the loop shuts down."""

import asyncio
import logging
import time

from _support import App, collect_garbage, events, report, run

warnings = []


class Collect(logging.Handler):
    def emit(self, record):
        if record.levelno == logging.WARNING:
            warnings.append(record.getMessage())


logging.getLogger().addHandler(Collect())
app = App()


async def hold_on():
    try:
        await asyncio.get_event_loop().create_future()  # resolved by no one
    except asyncio.CancelledError:
        events.append("cancellation ignored")
        await asyncio.sleep(2)  # a second cancellation cuts this short
        events.append("held on")


def start():
    asyncio.ensure_future(hold_on())


@app.on_event("shutdown")
async def shutdown():
    print("shutting down")


async def main():
    start()
    await collect_garbage()
    all_tasks = getattr(asyncio, "all_tasks", None) or asyncio.Task.all_tasks  # 3.6
    held = [t for t in all_tasks() if "hold_on" in repr(t)]
    names = [t.get_name() for t in held if hasattr(t, "get_name")]  # 3.8+
    started = time.monotonic()
    await app.shut_down()
    elapsed = time.monotonic() - started
    events.append("shut down")
    return elapsed, names


elapsed, names = run(main())
named = len(warnings) == 1 and "hold_on()" in warnings[0]
report(
    globals(),
    ["cancellation ignored", "shut down"],
    on_time=0.25 <= elapsed < 1.5,
    one_warning_names_the_coroutine=named,
    and_the_task=all("name='%s'" % name in warnings[0] for name in names) if named else False,
)
