"""Scaffolding for the logging programs: count what reaches the logs.

`report` prints one JSON line: how many records name the failing task's ValueError, how many say
"Task exception was never retrieved" (asyncio's own complaint, when nothing read the exception),
how many mention a cancellation, and the logger the failure went to.
"""

import asyncio
import gc
import json
import logging

records = []


class Collect(logging.Handler):
    def emit(self, record):
        error = record.exc_info[1] if record.exc_info else None
        records.append((record.getMessage(), type(error).__name__ if error else None, record.name))


logging.getLogger().addHandler(Collect())
logging.getLogger().setLevel(logging.DEBUG)


async def fail():
    await asyncio.sleep(0)
    raise ValueError("boom")


async def succeed():
    await asyncio.sleep(0)


async def run_until_cancelled():
    await asyncio.Event().wait()


def report():
    gc.collect()
    never = sum("never retrieved" in message for message, _, _ in records)
    failures = [
        logger
        for message, error, logger in records
        if error == "ValueError" and "never retrieved" not in message
    ]
    failed = len(failures)
    cancelled = sum(error == "CancelledError" for _, error, _ in records)
    print(
        json.dumps(
            {
                "ok": failed == 1 and never == 0 and cancelled == 0,
                "failed_logged": failed,
                "never_retrieved": never,
                "cancelled_logged": cancelled,
                "logger": failures[0] if failures else None,
            }
        )
    )
