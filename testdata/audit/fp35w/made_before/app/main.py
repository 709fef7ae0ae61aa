import asyncio
import logging

log = logging.getLogger(__name__)

_daemon = None
_loud = None
_other = None


def _log_task_exception(task):
    if not task.cancelled() and task.exception():
        log.error("task failed", exc_info=task.exception())


async def lifespan(bus):
    # The global is bound at the top level too; the statement just before makes the object.
    global _daemon, _loud, _other
    from app.services.telemetry import Daemon, Loud

    _daemon = Daemon(message_bus=bus)
    # A comment between the two is no statement.
    _task = asyncio.create_task(_daemon.start())
    _task.add_done_callback(_log_task_exception)

    # Near misses, each still a drop: a call between the binding and the task,
    _daemon = Daemon(message_bus=bus)
    log.info("daemon made")
    asyncio.create_task(_daemon.start())
    # a call before the receiver in the task's own statement,
    _daemon = Daemon(message_bus=bus)
    asyncio.get_event_loop().create_task(_daemon.start())
    # a callee in the other module that awaits,
    _loud = Loud()
    asyncio.create_task(_loud.start())
    # a class the import does not resolve to a module of the run.
    from app.services.missing import Worker

    _other = Worker()
    asyncio.create_task(_other.start())


async def stop():
    global _daemon
    _daemon = None
