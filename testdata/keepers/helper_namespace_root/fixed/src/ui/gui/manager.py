import asyncio

from src.core.bus import emit
from src.ui._background import keep_task
from src.ui.shared.models import MODEL


def on_saved() -> None:
    keep_task(asyncio.create_task(emit(str(MODEL))))
