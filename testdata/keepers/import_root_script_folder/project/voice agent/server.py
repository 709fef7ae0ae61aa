"""The call server, run as `python server.py` in its folder."""

import asyncio

from rtp import Transport


async def speak(text):
    await asyncio.sleep(1)


class Session:
    def __init__(self, transport: Transport):
        self.transport = transport

    def start(self):
        asyncio.ensure_future(speak("welcome"))

    def hang_up(self):
        asyncio.create_task(speak("bye"))


if __name__ == "__main__":
    asyncio.run(speak("hello"))
