"""The database helpers, a top-level module of the service."""


def get():
    return None
