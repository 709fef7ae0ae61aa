import asyncio

# Filled by other modules, and ended by nothing here.
pending: list[asyncio.Task] = []
