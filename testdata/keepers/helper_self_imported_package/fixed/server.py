"""Run as `python server.py`: the folder is on sys.path, `middleware` a top-level package."""

from middleware.qdrant import Middleware

MIDDLEWARE = Middleware()
