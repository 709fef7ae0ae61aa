from datetime import datetime


class Document:
    def __init__(self, when: datetime) -> None:
        self.when = when
