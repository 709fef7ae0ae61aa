import asyncio


async def notify(message_id, delay_seconds):
    await asyncio.sleep(delay_seconds)
    print("NOTIFY", message_id)


class Broker:
    async def kick(self, message_id, delay_seconds):
        # taskiq-postgres `kick` (exam35p audit row 25): `_` is never read; dropped all the
        # same, and the comment keeps `check` silent.
        if delay_seconds:
            _ = asyncio.create_task(  # noqa: RUF006
                notify(message_id, delay_seconds),
            )

    async def kick_named(self, message_id):
        task = asyncio.create_task(notify(message_id, 1))  # noqa: RUF006

    async def kick_read(self, message_id):
        # Near miss: `_` is read later, and the frame awaits it: kept.
        _ = asyncio.create_task(notify(message_id, 1))  # noqa: RUF006
        await _

    async def kick_bare(self, message_id):
        asyncio.create_task(notify(message_id, 1))  # noqa: RUF006
