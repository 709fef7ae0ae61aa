"""Domain services."""


def add(session, text):
    return (session, text)
