"""Backoff, as the package writes its strings."""

DEFAULTS = {'base': 1, "max": 30}
