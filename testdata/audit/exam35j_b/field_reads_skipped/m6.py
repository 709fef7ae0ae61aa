class Check6:
    """A model whose own flag is called `init`: tested and compared, never called."""

    def __init__(self, init: bool):
        self.init = init

    def ready(self, other):
        if self.init:
            return other.init == self.init
        return False
