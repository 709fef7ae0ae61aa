import asyncio

from helpers import cancel_task


class Actor:
    check_task: asyncio.Task | None = None

    async def check_loop(self) -> None:
        while True:
            await asyncio.sleep(1)


async def test_restart(actor: Actor) -> None:
    # The cancel before the binding is of the task this line replaces.
    await cancel_task(actor.check_task)
    actor.check_task = asyncio.create_task(actor.check_loop())
    await asyncio.sleep(0.1)
