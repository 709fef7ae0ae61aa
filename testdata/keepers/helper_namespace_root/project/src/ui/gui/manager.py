import asyncio

from src.core.bus import emit
from src.ui.shared.models import MODEL


def on_saved() -> None:
    asyncio.create_task(emit(str(MODEL)))
