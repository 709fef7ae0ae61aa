import asyncio


class Tournament:
    def __init__(self, name):
        self.name = name
        self.start_task = None

    @classmethod
    def from_info(cls, info: dict) -> "Tournament":
        return cls(info["name"])

    def cancel(self) -> None:
        if self.start_task:
            self.start_task.cancel()


class Game:
    def __init__(self, name):
        self.name = name
        self.run_task = None

    @classmethod
    def from_info(cls, info: dict):
        # Not always the class: a cached object of any kind.
        if info.get("cached"):
            return info["cached"]
        return cls(info["name"])

    def cancel(self) -> None:
        self.run_task.cancel()
