"""The middleware imports its own package by its bare name."""

import asyncio

from middleware._background import keep_task
from middleware.core.client import Client


class Middleware:
    def __init__(self):
        self.client = Client()

    def start(self):
        keep_task(asyncio.create_task(self.client.warm()))
