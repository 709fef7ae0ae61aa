import asyncio


async def on_frame(message):
    # No await: the task ends in its first step, which the loop's ready queue holds.
    if not message:
        return
    print(len(message))


def plot(conn):
    conn.datachannel.pub_sub.subscribe(
        "rt/frames",
        lambda message: asyncio.create_task(on_frame(message)),
    )


def plot_nested(conn):
    async def on_point(message):
        print(message)

    conn.subscribe("rt/points", callback=(lambda m: asyncio.ensure_future(on_point(m))))
