"""After class 8: a task whose coroutine is `<event>.wait()` of an asyncio `Event`, raced in
`asyncio.wait(..., return_when=FIRST_COMPLETED)` and only tested for membership after, has no
exception to retrieve: `Event.wait()` raises nothing but `CancelledError` (the contract table's
`EVENT_WAIT`). Its exceptions are `n/a`, and the evidence names the contract and how the code
shows the event to be asyncio's: a local bound to `asyncio.Event()`, a new `asyncio.Event()`,
`self._started` bound in `__init__` (onkyo), a parameter annotated `asyncio.Event | None`
(python-telegram-bot, read from a function around the one that waits) or `Optional[...]`
(prefect)."""

import asyncio
from typing import Optional


async def work():
    await asyncio.sleep(1)


async def run_until_disconnected(awaitable):
    task = asyncio.ensure_future(awaitable)
    disconnect_event = asyncio.Event()
    disconnect_task = asyncio.ensure_future(disconnect_event.wait())
    done, pending = await asyncio.wait({task, disconnect_task}, return_when=asyncio.FIRST_COMPLETED)
    for t in pending:
        t.cancel()
    if task not in done:
        raise RuntimeError("disconnected")
    return task.result()


async def heartbeat():
    stop_task = asyncio.create_task(asyncio.Event().wait())
    wait_task = asyncio.create_task(work())
    done, _ = await asyncio.wait([wait_task, stop_task], return_when=asyncio.FIRST_COMPLETED)
    if stop_task in done:
        return None
    return wait_task.result()


class ReceiverManager:
    def __init__(self):
        self._started = asyncio.Event()

    async def start(self):
        manager_task = asyncio.create_task(work())
        started_task = asyncio.create_task(self._started.wait())
        done, _ = await asyncio.wait(
            (manager_task, started_task), return_when=asyncio.FIRST_COMPLETED
        )
        if manager_task in done:
            started_task.cancel()
            await asyncio.wait((started_task,))
            return manager_task
        return None


def network_retry_loop(action_cb, stop_event: asyncio.Event | None = None):
    async def do_action():
        action_task = asyncio.create_task(action_cb())
        stop_task = asyncio.create_task(stop_event.wait())
        done, pending = await asyncio.wait(
            (action_task, stop_task), return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        if stop_task in done:
            return
        await action_task

    return do_action


async def wait_for_wakeup(queue_wait, event: Optional[asyncio.Event]):
    queue_task = asyncio.create_task(queue_wait())
    event_task = asyncio.create_task(event.wait())
    done, pending = await asyncio.wait({queue_task, event_task}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if queue_task in done:
        return queue_task.result()
    return None
