from .base import ClientBase
from .base import Rebound

# Bound again here: the package's `Rebound` is not the singleton of `lib/base.py`.
Rebound = object
