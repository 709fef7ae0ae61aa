"""A script in a folder of its own that puts the project on `sys.path` before it imports the
packages, then sets a name and imports more: `lib` has its helper already, which is imported
after the call, with the package's other imports."""
import asyncio
import gc
import sys
from os import path

sys.path.insert(0, path.dirname(path.dirname(path.abspath(__file__))))

from lib import _background  # noqa: E402
from lib._background import keep_task  # noqa: E402
from pkg.work import DONE, work  # noqa: E402

IGNORE = None

if __name__ != "__main__":
    from json import dumps  # noqa: F401


async def main():
    keep_task(asyncio.ensure_future(work("tap")))
    gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if DONE:
            break
    assert DONE == ["tap"] and not _background._background_tasks, DONE
    print("ok")


if __name__ == "__main__":
    asyncio.new_event_loop().run_until_complete(main())
