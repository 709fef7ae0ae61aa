"""`app/` has no `__init__.py`: run as `uvicorn app.main:app`, a namespace package."""

import asyncio

from .api.endpoints import proxy


async def lifespan():
    asyncio.create_task(proxy.refresh())
    await asyncio.sleep(1)
