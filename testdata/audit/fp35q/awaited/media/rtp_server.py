import asyncio
import socket


class RTPServer:
    def __init__(self, host, port):
        self.sessions = {}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.address = (host, port)

    async def send_audio(self, call_id, chunk):
        """Sends on a UDP socket: no await."""
        if call_id in self.sessions:
            self.sock.sendto(chunk, self.address)
        return True

    async def drain(self, call_id):
        await asyncio.sleep(1)
