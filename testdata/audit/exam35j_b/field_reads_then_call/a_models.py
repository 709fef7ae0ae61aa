class Player:
    """A model whose own field is called `connect`: handing its value on calls nothing."""

    def __init__(self, connect: bool):
        self.connect = connect

    def to_dict(self):
        return {"connect": self.connect, "speak": True}

    def flags(self, others):
        return [o.connect for o in others], (self.connect, self.connect)
