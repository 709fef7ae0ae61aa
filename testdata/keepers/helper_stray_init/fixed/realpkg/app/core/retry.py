def backoff(attempt: int) -> float:
    return 0.1 * attempt
