import asyncio


def run(main):
    return asyncio.get_event_loop().run_until_complete(main)


def apply():
    # Binds asyncio's `run` to this module's function: no `run` method runs here.
    asyncio.run = run
    asyncio.run, other = run, None

