import asyncio

from gaia._background import keep_task
from gaia.tasks.weather.task import FORECAST_DIR


async def _watchdog() -> None:
    while True:
        await asyncio.sleep(60)
        print(FORECAST_DIR)


def start_watchdog() -> None:
    keep_task(asyncio.create_task(_watchdog()))
