from .node import Node as Node
from .node import Loud
from pkg.sub import Deep
from .node import Rebound

Rebound = None
