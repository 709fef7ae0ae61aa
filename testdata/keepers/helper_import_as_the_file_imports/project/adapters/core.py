"""Shared adapter code."""

LIMIT = 3
