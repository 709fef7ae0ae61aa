import asyncio


class Node:
    async def execute_async(self, state):
        await asyncio.sleep(0)
        return state

    def execute(self, state):
        """On a running loop `run_until_complete` raises before it waits for anything."""
        try:
            eventloop = asyncio.get_event_loop()
        except RuntimeError:
            eventloop = None
        if eventloop and eventloop.is_running():
            task = eventloop.create_task(self.execute_async(state))
            state = eventloop.run_until_complete(asyncio.gather(task))[0]
        else:
            state = asyncio.run(self.execute_async(state))
        return state

    def execute_stopped(self, state):
        """On a loop the branch proved not running, it runs the task to its end."""
        eventloop = asyncio.new_event_loop()
        if not eventloop.is_running():
            task = eventloop.create_task(self.execute_async(state))
            return eventloop.run_until_complete(task)
        return None

    def execute_inline(self, state):
        """The task made in the call, on a running loop: the same."""
        eventloop = asyncio.get_event_loop()
        if eventloop.is_running():
            return eventloop.run_until_complete(eventloop.create_task(self.execute_async(state)))
        return asyncio.run(self.execute_async(state))
