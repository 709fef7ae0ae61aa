"""The middleware imports its own package by its bare name."""

import asyncio

from middleware.core.client import Client


class Middleware:
    def __init__(self):
        self.client = Client()

    def start(self):
        asyncio.create_task(self.client.warm())
