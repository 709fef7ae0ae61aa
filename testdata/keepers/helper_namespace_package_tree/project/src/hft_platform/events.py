class TickEvent:
    pass
