from events import DpyEvents
from tasks import LavalinkTasks


class Audio(LavalinkTasks, DpyEvents):
    pass
