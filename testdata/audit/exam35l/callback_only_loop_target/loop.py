import asyncio
from functools import partial


def handle_result(task, log, model):
    try:
        task.result()
    except Exception:
        log.exception("%s failed", task)


async def just_yield():
    await asyncio.sleep(1)


class EventLoop:
    async def process_event(self, coroutines, model, loop):
        # switchio's `EventLoop._process_event`: each handler's task is read only by its done
        # callback; the later `for task in ...` binds the name before its body reads it.
        if coroutines:
            for coro in coroutines:
                task = asyncio.ensure_future(coro(model), loop=loop)
                task.add_done_callback(partial(handle_result, log=self.log, model=model))
                await just_yield()
        if model.done():
            for fut in model.futures:
                for task in model.tasks.get(fut, ()):
                    task.print_stack()
                fut.cancel()

    async def read_in_the_else(self, coro, model):
        # The `else` clause runs when the loop bound nothing too: there it reads the task.
        task = asyncio.ensure_future(coro(model))
        task.add_done_callback(partial(handle_result, log=self.log, model=model))
        for task in model.tasks:
            task.print_stack()
        else:
            task.cancel()
