import logging

logger = logging.getLogger("adapter")
