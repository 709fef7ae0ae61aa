"""Audit class 10 (piqueserver `as_deferred`): `return Deferred.fromFuture(ensure_future(f))`
returns Twisted's Deferred, not the task: by the contract table, the Deferred holds the task
(its canceller cancels it) and its done callback reads the task's result to fire it. Kept by
that contract, passed, retrieved; no task reaches the callers. A task returned as it is stays
`returned`."""

import asyncio

from twisted.internet.defer import Deferred


def as_deferred(f):
    return Deferred.fromFuture(asyncio.ensure_future(f))


def as_task(f):
    return asyncio.ensure_future(f)
