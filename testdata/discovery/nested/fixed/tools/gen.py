import asyncio

_background_tasks: set[asyncio.Task[object]] = set()


async def generate(generator, every_schema_in_the_registry, write_the_stubs_too):
    task = asyncio.create_task(generator.regenerate(every_schema_in_the_registry, write_the_stubs_too))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
