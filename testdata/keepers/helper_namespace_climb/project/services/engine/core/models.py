class State:
    pass
