class Combatant:
    """A model whose own field is called `init`, handed on in five places of one file."""

    def __init__(self, init: int):
        self.init = init

    def to_dict(self):
        return {"init": self.init}

    def to_list(self):
        return [self.init]

    def to_tuple(self):
        return (self.init,)

    def pair(self):
        return self.init, self.init
