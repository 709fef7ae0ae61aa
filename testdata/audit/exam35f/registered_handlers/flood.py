from asyncio import get_running_loop, sleep

from pyrogram import Client, filters

app = Client("bot")


def capture_err(func):
    async def capture(client, message, *args, **kwargs):
        return await func(client, message, *args, **kwargs)

    return capture


@app.on_message(filters.text, group=1)
@capture_err
async def flood_control_func(_, message):
    async def delete():
        await sleep(3600)
        await message.delete()

    loop = get_running_loop()
    return loop.create_task(delete())


def spawn(coro):
    """Returned to its callers in the checked code."""
    loop = get_running_loop()
    return loop.create_task(coro)


class gen:  # noqa: N801 - stands for tornado's module
    @staticmethod
    def coroutine(f):
        return f


@gen.coroutine
def runner(coro):
    """A generator hands what it yields to its runner, which waits for it."""
    future = get_running_loop().create_task(coro)
    result = yield future
    return result
