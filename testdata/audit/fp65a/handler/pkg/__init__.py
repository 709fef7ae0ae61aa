from .util import track
from .util import track_rebound

track_rebound = None
