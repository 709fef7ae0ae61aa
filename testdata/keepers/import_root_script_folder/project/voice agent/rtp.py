"""The media transport: imported by `server.py` as a top-level module."""

import asyncio


class Transport(asyncio.DatagramProtocol):
    def __init__(self, on_audio):
        self.on_audio = on_audio

    def datagram_received(self, data, addr):
        asyncio.create_task(self.on_audio(data))
