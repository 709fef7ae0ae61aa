import asyncio


class GameLogClient:
    def __init__(self, bot):
        self.bot = bot
        self.gl_task = None

    def init(self):
        self.gl_task = asyncio.get_running_loop().create_task(self.main_loop())

    async def main_loop(self):
        while True:
            await asyncio.sleep(1)

    async def close(self):
        await asyncio.sleep(1)
        self.gl_task.cancel()


class Bot:
    def __init__(self):
        self.glclient = GameLogClient(self)
        self.glclient.init()


class Entry:
    """A log entry whose own field is called `init`, in a file that names the client."""

    def __init__(self, init: int):
        self.init = init

    def ahead(self, other: "Entry"):
        return other.init > self.init

    def status(self):
        return f"{self.init:>2}"

    def to_dict(self):
        return {"init": self.init}
