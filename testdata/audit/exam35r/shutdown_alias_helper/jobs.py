import asyncio


class Jobs:
    """Near miss: an element is looked up and logged, never cancelled: no shutdown."""

    def __init__(self) -> None:
        self._jobs: dict[int, asyncio.Task] = {}

    async def _work(self) -> None:
        while True:
            await asyncio.sleep(1)

    def add(self, job_id: int) -> None:
        job = asyncio.create_task(self._work())
        self._jobs[job_id] = job

    def show(self, job_id: int) -> None:
        job = self._jobs[job_id]
        print(job)
