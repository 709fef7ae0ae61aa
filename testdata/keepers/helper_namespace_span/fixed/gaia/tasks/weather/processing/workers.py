import asyncio

from gaia._background import keep_task

from ..utils import cleanup


async def run_inference(job_id: str) -> str:
    keep_task(asyncio.create_task(cleanup(job_id)))
    # The forecast folder, as the weather task keeps it.
    from gaia.tasks.weather.task import FORECAST_DIR

    return str(FORECAST_DIR / job_id)
