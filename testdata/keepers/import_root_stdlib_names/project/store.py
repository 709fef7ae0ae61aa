"""A loose module of the folder, imported by `main.py` by its bare name."""


class Store:
    pass
