"""Home Assistant's wyoming wake word loop (after queue35's class 8, a done set only tested for
membership reads no task): each task is put back in `pending` under the same local, and the
loop's next turn reads that local's `result()` above the line that binds it again. The task
bound again is retrieved there; `audio_task`, which nothing reads, is not."""

import asyncio


async def next_chunk():
    await asyncio.sleep(1)


async def read_event():
    await asyncio.sleep(1)


async def detect():
    audio_task = asyncio.create_task(next_chunk())
    wake_task = asyncio.create_task(read_event())
    pending = {audio_task, wake_task}
    while True:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        if wake_task in done:
            event = wake_task.result()
            if event is None:
                break
            wake_task = asyncio.create_task(read_event())
            pending.add(wake_task)
        if audio_task in done:
            audio_task = asyncio.create_task(next_chunk())
            pending.add(audio_task)
