import asyncio

from tournaments import Game, Tournament


class Manager:
    def __init__(self):
        self.tournaments = {}
        self.games = {}

    async def add_tournament(self, info: dict) -> None:
        # The comprehension's `tournament` is its own, not the function's.
        if info["name"] in {tournament.name for tournament in self.tournaments.values()}:
            return
        tournament = Tournament.from_info(info)
        tournament.start_task = asyncio.create_task(self._wait_start(tournament))
        self.tournaments[tournament.name] = tournament

    async def add_game(self, info: dict) -> None:
        game = Game.from_info(info)
        game.run_task = asyncio.create_task(self._wait_start(game))
        self.games[game.name] = game

    async def _wait_start(self, item) -> None:
        await asyncio.sleep(1)

    def run_end(self) -> None:
        for tournament in self.tournaments.values():
            tournament.cancel()
