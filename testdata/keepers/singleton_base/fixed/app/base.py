import threading


class ClientBase:
    _instance = None
    _lock = threading.Lock()

    def __new__(cls, *args, **kwargs):
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = super().__new__(cls)
        return cls._instance

    def __init__(self, name):
        if hasattr(self, "name"):
            raise RuntimeError("the client is already initialized")
        self.name = name


class Plain:
    def __new__(cls, *args):
        instance = super().__new__(cls)
        instance.created = True
        return instance

    def __init__(self, name):
        self.name = name


class Registered:
    def __new__(cls, *args):
        self = super().__new__(cls)
        cls.registered_name = cls.__name__.lower()
        return self

    def __init__(self, name):
        self.name = name
