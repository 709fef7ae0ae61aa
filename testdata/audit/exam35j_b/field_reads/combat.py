class Combatant:
    """A model whose own field is called `init`: reading or writing it calls nothing."""

    def __init__(self, init: int):
        self.init = init

    def to_dict(self):
        return {"init": self.init}

    def status(self):
        return f"{self.init:>2}"


class Group:
    def __init__(self, init: int):
        self.init = init

    def add(self, combatant: Combatant):
        combatant.init = self.init

    def first(self, combatants):
        # Whose `init` this is the code does not show.
        return sorted(combatants, key=lambda k: k.init)

    def ahead(self, other: Combatant):
        return other.init > self.init
