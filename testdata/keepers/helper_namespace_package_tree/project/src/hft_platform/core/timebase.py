import time


def now_ns() -> int:
    return time.monotonic_ns()
