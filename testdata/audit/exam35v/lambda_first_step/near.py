import asyncio


async def on_frame(message):
    await asyncio.sleep(1)
    print(message)


async def quiet(message):
    print(message)


def suspends(conn):
    """Near miss: the coroutine sleeps, so the callee decides (unknown, as before)."""
    conn.datachannel.pub_sub.subscribe(
        "rt/frames", lambda message: asyncio.create_task(on_frame(message))
    )


def shadowed(conn):
    """Near miss: the lambda's own parameter is named `quiet`: what runs is the caller's to
    give (unknown, as before)."""
    conn.subscribe("t", lambda quiet: asyncio.create_task(quiet("x")))


def method(conn, worker):
    """Near miss: another object's method (unknown, as before)."""
    conn.subscribe("t", lambda m: asyncio.create_task(worker.handle(m)))
