import asyncio


class Client:
    async def stream(self, stream, requests):
        """Cancelled only when the response loop raises: a normal end leaves it pending."""
        sending_task = asyncio.ensure_future(self._send(stream, requests))
        try:
            async for response in stream:
                yield response
        except:
            sending_task.cancel()
            raise

    async def stream_finally(self, stream, requests):
        """Cancelled and awaited in a `finally`: every path."""
        sending_task = asyncio.ensure_future(self._send(stream, requests))
        try:
            async for response in stream:
                yield response
        finally:
            sending_task.cancel()
            await asyncio.gather(sending_task, return_exceptions=True)

    async def flush(self, queue):
        """Gathered only while connected: the other path leaves the list to the frame."""
        task_list = []
        while not queue.empty():
            msg = await queue.get()
            task = asyncio.create_task(self._send_one(msg))
            task_list.append(task)
        if self.connected:
            await asyncio.gather(*task_list)

    async def flush_both(self, queue):
        """Gathered on both arms of the `if`."""
        sent = []
        while not queue.empty():
            task = asyncio.create_task(self._send_one(await queue.get()))
            sent.append(task)
        if self.connected:
            await asyncio.gather(*sent)
        else:
            for task in sent:
                task.cancel()
            await asyncio.gather(*sent, return_exceptions=True)

    async def pump(self, websocket):
        """Cancelled in a loop whose other turns come back to it: which paths leave is not read."""
        sender = asyncio.create_task(self._send(websocket, []))
        while True:
            result = await websocket.recv()
            if result:
                continue
            if result is None:
                sender.cancel()
                return

    async def _send(self, stream, requests):
        for request in requests:
            await stream.send_message(request)

    async def _send_one(self, msg):
        await asyncio.sleep(0)
