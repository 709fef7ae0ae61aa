"""The worker: `python -m worker` from the project's folder."""

import asyncio


def _done(task: asyncio.Task) -> None:
    import agent.state as state

    async def _respawn() -> None:
        await asyncio.sleep(0.01)
        state.BEATS.append("respawned")

    asyncio.create_task(_respawn())


async def main() -> None:
    from agent.session import run
    from agent.state import BEATS

    task = asyncio.create_task(run("w"))
    task.add_done_callback(_done)
    await task
    await asyncio.sleep(0.1)
    assert sorted(BEATS) == ["respawned", "w"], BEATS
    print("ok")


if __name__ == "__main__":
    asyncio.run(main())
