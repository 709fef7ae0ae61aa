import asyncio

from twisted.internet import defer
from twisted.internet.defer import Deferred


async def send(client, request):
    await asyncio.sleep(1)


async def send_notification(client, request):
    # Twisted's `Deferred.fromFuture` holds the task and reads its outcome; the function awaits
    # the Deferred.
    return await Deferred.fromFuture(asyncio.ensure_future(send(client, request)))


async def refresh(client, request):
    await defer.Deferred.fromFuture(
        asyncio.ensure_future(
            send(client, request)
        )
    )
