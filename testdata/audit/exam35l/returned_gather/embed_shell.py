import asyncio


async def run_shell(shell):
    await asyncio.sleep(1)


async def write(shell):
    await asyncio.sleep(1)


def create_stdin_shell(shell, loop=None):
    # GNS3's `create_stdin_shell`: a plain function returns the gathering future; it awaits
    # nothing, and its caller holds the three tasks in what it returns.
    shell_task = asyncio.ensure_future(run_shell(shell))
    writer_task = asyncio.ensure_future(write(shell))
    return (asyncio.gather(shell_task, writer_task))


async def awaits_its_gather(shell):
    task = asyncio.ensure_future(run_shell(shell))
    return await asyncio.gather(task)
