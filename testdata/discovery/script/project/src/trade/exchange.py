import asyncio


class Exchange:
    def __init__(self, periodic):
        self.periodic = periodic

    async def start(self):
        async def start_periodic_rest_account_check_open_order():
            await asyncio.sleep(60)

        if self.periodic:
            asyncio.create_task(coro=start_periodic_rest_account_check_open_order())
