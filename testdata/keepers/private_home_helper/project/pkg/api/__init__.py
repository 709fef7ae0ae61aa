from pkg.api._gen import start

__all__ = ["start"]
