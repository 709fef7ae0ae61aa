import asyncio


class Actor:
    guide_task: asyncio.Task | None = None


async def guide_one() -> None:
    await asyncio.sleep(1)


async def guide(actor: Actor) -> None:
    while True:
        actor.guide_task = asyncio.create_task(guide_one())
        await actor.guide_task
        actor.guide_task = asyncio.create_task(asyncio.sleep(2))
        await actor.guide_task
