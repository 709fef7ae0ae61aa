import asyncio
from typing import List


class Crawler:
    async def search(self, items):
        task_list = []
        try:
            task_list = [self.get_info(item) for item in items]
        except Exception:
            pass
        results = await asyncio.gather(*task_list)
        return results

    async def batch(self, ids: List[str]):
        task_list = []
        for item_id in ids:
            task = asyncio.create_task(self.get_comments(item_id), name=item_id)
            task_list.append(task)
        await asyncio.gather(*task_list)

    async def batch_waited(self, ids):
        task_list = []
        for item_id in ids:
            task = asyncio.create_task(self.get_comments(item_id))
            task_list.append(task)
        await asyncio.wait(task_list)

    async def get_info(self, item):
        await asyncio.sleep(1)

    async def get_comments(self, item_id):
        await asyncio.sleep(1)
