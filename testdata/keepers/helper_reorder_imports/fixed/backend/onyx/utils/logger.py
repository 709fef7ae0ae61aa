import logging


def setup_logger() -> logging.Logger:
    return logging.getLogger("onyx")
