from config.logger import setup_logging
from core.handle.hello import handle_hello

logger = setup_logging()


def main() -> None:
    handle_hello(None)
