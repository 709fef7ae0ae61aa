class Model4:
    """A model whose own field is called `init`."""

    def __init__(self, init: int):
        self.init = init

    def to_dict(self):
        return {"init": self.init}
