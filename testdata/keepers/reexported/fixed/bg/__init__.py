from .util import spawn_bg
from .util import spawn_rebound

spawn_rebound = None
