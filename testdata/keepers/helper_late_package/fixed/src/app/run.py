import asyncio
import sys
from pathlib import Path

# The project root on sys.path, so that `from src...` imports work however this is launched.
_root = str(Path(__file__).resolve().parent.parent.parent)
if _root not in sys.path:
    sys.path.insert(0, _root)

# UTF-8 output on legacy consoles, before anything prints.
if sys.stdout and hasattr(sys.stdout, "reconfigure"):
    sys.stdout.reconfigure(encoding="utf-8")
if sys.stderr and hasattr(sys.stderr, "reconfigure"):
    sys.stderr.reconfigure(encoding="utf-8")

from dotenv import load_dotenv

load_dotenv()

from src.app._background import keep_task
from src.app.config import NAME
from src.core.bus import emit


async def work() -> None:
    await asyncio.sleep(1)


async def main() -> None:
    keep_task(asyncio.create_task(work()))
    print(NAME, emit)
