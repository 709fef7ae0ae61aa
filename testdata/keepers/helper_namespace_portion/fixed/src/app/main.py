"""`app/` has no `__init__.py`: run as `uvicorn app.main:app`, a namespace package."""

import asyncio

from ._background import keep_task
from .api.endpoints import proxy


async def lifespan():
    keep_task(asyncio.create_task(proxy.refresh()))
    await asyncio.sleep(1)
