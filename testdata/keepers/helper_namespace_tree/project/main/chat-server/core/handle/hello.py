import asyncio
from core.utils.util import send
from core.handle.resume import resume
from core.handle.runner import run


def handle_hello(conn) -> None:
    asyncio.create_task(send(conn, "hello"))
    resume(conn)
    run(conn)
