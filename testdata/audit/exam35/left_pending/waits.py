import asyncio


async def sane_wait_for(futures, *, timeout):
    ensured = [asyncio.ensure_future(fut) for fut in futures]
    done, pending = await asyncio.wait(ensured, timeout=timeout, return_when=asyncio.ALL_COMPLETED)

    if len(pending) != 0:
        raise asyncio.TimeoutError

    return done


async def wait_then_cancel(futures, *, timeout):
    ensured = [asyncio.ensure_future(fut) for fut in futures]
    done, pending = await asyncio.wait(ensured, timeout=timeout)
    for task in pending:
        task.cancel()
    return done


async def wait_without_timeout(futures):
    ensured = [asyncio.ensure_future(fut) for fut in futures]
    done, pending = await asyncio.wait(ensured, timeout=None)
    return done


async def wait_while_kept(background, future, *, timeout):
    # Kept elsewhere too: the set holds it after the wait.
    task = asyncio.ensure_future(future)
    background.add(task)
    task.add_done_callback(background.discard)
    finished, _ = await asyncio.wait((task,), timeout=timeout)
    return finished
