import asyncio
from collections.abc import AsyncIterable
from datetime import datetime
from datetime import timezone
from typing import Any
from typing import cast

from onyx.connectors.models import Document
from onyx.utils.logger import setup_logger

logger = setup_logger()


async def _fetch(client: Any, token: str) -> AsyncIterable[Document]:
    asyncio.create_task(client.start(token))
    await client.wait_until_ready()
    yield cast(Document, Document(datetime.now(tz=timezone.utc)))
