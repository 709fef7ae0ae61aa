import asyncio

from heartbeat import Beacon, Heartbeat, make_heartbeat


async def beat():
    await asyncio.sleep(1)


async def test_stop_cancels():
    heartbeat = Heartbeat()
    heartbeat.heartbeat_task = asyncio.create_task(beat())
    await heartbeat.stop()


async def test_made_by_a_function():
    # A function may return any object: its class is not shown.
    heartbeat = make_heartbeat()
    heartbeat.heartbeat_task = asyncio.create_task(beat())


async def test_a_class_that_never_stops_it():
    beacon = Beacon()
    beacon.beat = asyncio.create_task(beat())
