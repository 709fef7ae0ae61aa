def emit() -> None:
    pass
