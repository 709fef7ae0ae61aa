"""A task whose coroutine is a method the object's class declares abstract: `unknown` where
every implementation the checked code has never suspends, a drop where one may."""

import asyncio

from brokers.base import BaseBroker


class Pool:
    def __init__(self):
        self.connections: list[BaseBroker] = []

    def give_back(self, broker: BaseBroker):
        if len(self.connections) < 3:
            self.connections.append(broker)
        else:
            asyncio.create_task(broker.disconnect())

    def still_dropped(self, broker: BaseBroker):
        asyncio.create_task(broker.reconnect())
        asyncio.create_task(broker.close())
