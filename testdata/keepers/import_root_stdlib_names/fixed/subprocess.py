"""A module of the folder named as the standard library's (the standard library's own folder
is one such folder)."""

PIPE = -1
