import pkg.tasks as background
from pkg import tasks

from .tasks import spawn, spawn_soon, unused_factory


async def handler(request):
    spawn(request.process())
    tasks.spawn(request.audit())
    await spawn_soon(request.notify())
    kept = unused_factory(request.log())
    await kept


async def other(request):
    background.spawn(request.process())
    return spawn(request.reply())
