import asyncio

from helpers import cancel_task


class Actor:
    check_task: asyncio.Task | None = None

    async def check_loop(self) -> None:
        while True:
            await asyncio.sleep(1)


async def once(actor: Actor) -> None:
    # Near miss: bound in either branch, awaited after both.
    if actor.check_task is None:
        actor.check_task = asyncio.create_task(actor.check_loop())
    else:
        actor.check_task = asyncio.create_task(asyncio.sleep(1))
    await actor.check_task
