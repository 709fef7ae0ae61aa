import asyncio


async def grüße(loop):
	x = "日本語"; loop.create_task(work(x))
	asyncio.create_task(work("€"))
	asyncio.create_task(work("€"))
