class Context:
    def __init__(self, name):
        self.name = name

    async def wait(self):
        return self.name
