import asyncio


class Channel:
    async def wait_for_response(self, promise, timeout):
        # wait for the promise or until the channel is closed
        _, pending = await asyncio.wait(
            [
                asyncio.ensure_future(promise.wait()),
                asyncio.ensure_future(self._closed.wait()),
            ],
            timeout=timeout,
            return_when=asyncio.FIRST_COMPLETED,
        )
        # Cancel all pending futures
        for fut in pending:
            fut.cancel()
        return promise.result

    async def wait_and_hand_back(self, promise, timeout):
        _, pending = await asyncio.wait(
            [asyncio.ensure_future(promise.wait())],
            timeout=timeout,
        )
        for fut in pending:
            fut.cancel()
        return pending
