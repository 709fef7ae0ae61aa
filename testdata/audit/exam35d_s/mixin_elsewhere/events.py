from base import MixinMeta


class DpyEvents(MixinMeta):
    async def cog_unload(self):
        if self.connect_task:
            self.connect_task.cancel()


class Stranger:
    # Not joined with `Lonely`: its `self` is another object.
    def stop(self):
        self.job.cancel()
