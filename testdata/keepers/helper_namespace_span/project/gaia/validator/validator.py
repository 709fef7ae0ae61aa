import asyncio

from gaia.tasks.weather.task import FORECAST_DIR


async def _watchdog() -> None:
    while True:
        await asyncio.sleep(60)
        print(FORECAST_DIR)


def start_watchdog() -> None:
    asyncio.create_task(_watchdog())
