class IntEnum(int):
    """The package's enum base."""
