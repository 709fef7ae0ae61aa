import asyncio


async def run_container(name):
    await asyncio.sleep(1)
    return 0


async def compose_up(args, containers):
    # podman-compose's `compose_up`: the done set of each `asyncio.wait` is read only under
    # the command line's flags (`args.abort_on_container_failure`, and `first_failed_task`,
    # set only under it): with the flags off no task's exception is looked at.
    tasks = set()
    for name in containers:
        tasks.add(asyncio.create_task(run_container(name), name=name))

    def _task_cancelled(task):
        if task.cancelled():
            return True
        return task.cancelling() > 0

    exit_code = 0
    first_failed_task = None
    while tasks:
        done, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)

        if args.abort_on_container_failure and first_failed_task is None:
            for t in done:
                if t.result() != 0:
                    first_failed_task = t

        if args.abort_on_container_exit or first_failed_task:
            # The tasks still running are cancelled, with a second to finish first.
            await asyncio.sleep(1)
            for t in tasks:
                if not _task_cancelled(t):
                    t.cancel()
            if first_failed_task:
                exit_code = first_failed_task.result()
            else:
                for t_ in done:
                    if t_.get_name() == args.exit_code_from:
                        exit_code = t_.result()
    return exit_code


async def run_all(containers, verbose):
    # A test that may be true on any path: the read stands.
    tasks = {asyncio.create_task(run_container(name)) for name in containers}
    while tasks:
        done, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        if len(done) > 1 or verbose:
            for t in done:
                t.result()
