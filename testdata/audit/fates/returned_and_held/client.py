import asyncio

# Keeps references to background tasks so that they are not collected mid-run.
task_reference_holder = set()


class Client:
    def start_background_task(self, target, *args):
        return asyncio.ensure_future(target(*args))

    async def _trigger_event(self, handler, *args):
        task = self.start_background_task(handler, *args)
        task_reference_holder.add(task)
        task.add_done_callback(task_reference_holder.discard)
        return task

    async def _receive(self, handler, data):
        await self._trigger_event(handler, data)


def spawn(coro):
    # A name the function binds for itself is its own, not the module's.
    task_reference_holder = set()
    task = asyncio.create_task(coro)
    task_reference_holder.add(task)
    return task
