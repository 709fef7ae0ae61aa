"""
MIT License

Copyright (c) 2023-Present Lic Guild

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software, to deal in the Software without restriction.
"""
import asyncio

from lic.store import Store

from ._shared import topic


async def post(name: str) -> None:
    await asyncio.sleep(0.001)
    Store.done.append(topic(name))


def start() -> None:
    asyncio.create_task(post("routes"))
