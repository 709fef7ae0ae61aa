from brokers.base import BaseBroker


class LiveBroker(BaseBroker):
    async def disconnect(self) -> bool:
        try:
            self.socket.close()
            self.thread.join(timeout=5)
        except OSError:
            return False
        return True

    async def reconnect(self) -> bool:
        self.socket.open()
        return True

    async def close(self):
        self.socket.close()
