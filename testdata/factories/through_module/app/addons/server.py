import app.utils.asyncio_utils as asyncio_utils
from app.utils.asyncio_utils import create_task


async def hook():
    pass


async def handle():
    asyncio_utils.create_task(hook(), name="hook")
    create_task(hook(), name="hook")
