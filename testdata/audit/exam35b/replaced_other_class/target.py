from owner import Listener, Protocol


class Target:
    """Not a `Protocol`: its `open_client` makes one and opens it."""

    def open_client(self):
        return Protocol().open_client()

    def reopen(self):
        # `self` is a `Target` (or a subclass of it), never a `Protocol`.
        return self.open_client()

    def listen(self):
        return None


def configure(target: Target):
    # Another class's method of the same name: it does not run `Protocol.open_client`.
    return target.open_client()


class Both(Target, Listener):
    """A `Target` that is a `Listener` too."""


def serve(target: Target):
    # `target` may be a `Both`, whose `listen` is `Listener.listen`: a possible caller.
    target.listen()


def serve_any(listener):
    # Nothing says what `listener` is: not shown to be a caller (unknown).
    listener.listen()
