"""Logging setup."""


def setup():
    pass
