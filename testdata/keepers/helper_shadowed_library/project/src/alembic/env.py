from asyncio import get_event_loop, sleep

from alembic import context

config = context.config


async def run_migrations_online():
    await sleep(1)


loop = get_event_loop()
if loop.is_running():
    loop.create_task(run_migrations_online())
else:
    loop.run_until_complete(run_migrations_online())
