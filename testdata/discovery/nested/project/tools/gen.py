import asyncio


async def generate(generator, every_schema_in_the_registry, write_the_stubs_too):
    asyncio.create_task(generator.regenerate(every_schema_in_the_registry, write_the_stubs_too))
