class Mode:
    pass
