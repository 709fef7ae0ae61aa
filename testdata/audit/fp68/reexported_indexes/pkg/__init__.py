from .shared import LOOP, SPARE
from .testutils import maybe_run, run_coroutine

# Bound again here: the package's `SPARE` is no known loop.
SPARE = None
