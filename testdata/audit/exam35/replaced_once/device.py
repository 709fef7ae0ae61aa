from base import Poller


class Device(Poller):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self._start_polling()
