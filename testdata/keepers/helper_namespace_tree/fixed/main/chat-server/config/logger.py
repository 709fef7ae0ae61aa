import logging


def setup_logging() -> logging.Logger:
    return logging.getLogger("chat")
