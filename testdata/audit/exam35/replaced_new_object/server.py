import socket

from client import Client


class Proxy:
    def __init__(self):
        self.clients = set()

    async def handle(self, reader, writer):
        client = Client(reader, writer)
        self.clients.add(client)
        await client.connect("localhost", 8080)

    def probe(self, address):
        # Another class's `connect`, and a coroutine never awaited: neither runs `Client.connect`.
        sock = socket.socket()
        sock.connect(address)
