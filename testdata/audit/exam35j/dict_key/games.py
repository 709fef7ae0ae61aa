"""Audit class 7 (BotLi `GameManager._start_game`): `self.tasks[task] = game` keeps the task
as a key of the mapping, which holds its keys as it holds its values: kept in the collection
`GameManager.tasks`, awaited by the shutdown's `for task in list(self.tasks): await task`.
A task only read as an index (`self.names[task]`) is not kept there. (What the shutdown reads
of a task the done callback takes out unread before it runs is not this class's question.)"""

import asyncio


class Game:
    async def run(self):
        await asyncio.sleep(1)


class GameManager:
    def __init__(self):
        self.tasks: dict[asyncio.Task[None], Game] = {}
        self.names = {}

    def _task_callback(self, task):
        self.tasks.pop(task)

    def start_game(self):
        game = Game()
        task = asyncio.create_task(game.run())
        task.add_done_callback(self._task_callback)
        self.tasks[task] = game

    def peek(self):
        task = asyncio.create_task(Game().run())
        return self.names[task]

    async def run(self):
        for task in list(self.tasks):
            await task
