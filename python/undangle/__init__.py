"""undangle: find asyncio tasks whose Task object is dropped, and keep them alive.

The work is done by the `undangle` executable that this package installs; `python -m undangle`
runs it.
"""
