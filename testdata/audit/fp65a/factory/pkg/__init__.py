from .tasks import make_task
from .tasks import spawn_rebound

spawn_rebound = None
