import asyncio

from helpers import cancel_task


class Actor:
    check_task: asyncio.Task | None = None

    async def check_loop(self) -> None:
        while True:
            await asyncio.sleep(1)


async def watch(actor: Actor) -> None:
    # Near miss: in a loop, the wait before the binding reaches this task on the next turn.
    while True:
        if actor.check_task:
            await actor.check_task
        actor.check_task = asyncio.create_task(actor.check_loop())
        await asyncio.sleep(1)
