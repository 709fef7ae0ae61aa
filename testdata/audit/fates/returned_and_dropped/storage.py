import asyncio


class BaseStorage:
    async def push_message(self, mid, raw):
        raise NotImplementedError

    def push_message_nowait(self, mid, raw):
        return asyncio.ensure_future(self.push_message(mid, raw))

    async def schedule_flush(self):
        return asyncio.create_task(self.flush())

    def start_kept(self):
        return asyncio.create_task(self.flush())

    def start_public(self):
        # No call in the checked code: a caller outside it may keep it.
        return asyncio.create_task(self.flush())

    def start_twice(self):
        return asyncio.create_task(self.flush())

    async def flush(self):
        pass


class Other:
    def start_twice(self):
        # A method of the same name: a call of `start_twice` may be this one.
        return None
